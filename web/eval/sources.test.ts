import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { expandZips, setNameOf } from './sources';
import { memSource, JPEG_HEAD } from './testkit';

describe('zips', () => {
  it('become a folder of their own, nested paths kept, directory entries dropped', async () => {
    const zip = zipSync({
      'cats/a.jpg': new Uint8Array([...JPEG_HEAD, 1]),
      'b.txt': new Uint8Array([1]),
      'empty/': new Uint8Array(),
    });
    const { files, problems } = await expandZips([
      memSource('extra.zip', zip),
      memSource('loose/x.jpg', [...JPEG_HEAD]),
    ]);
    expect(problems).toEqual([]);
    expect(files.map((f) => f.key).sort()).toEqual(['extra.zip/b.txt', 'extra.zip/cats/a.jpg', 'loose/x.jpg']);
    expect(setNameOf('extra.zip/cats/a.jpg')).toBe('extra.zip');
    expect(setNameOf('lonely.jpg')).toBe('files');
  });

  it('report a zip that does not open, naming it', async () => {
    const { files, problems } = await expandZips([memSource('bad.zip', [1, 2, 3, 4])]);
    expect(files).toEqual([]);
    expect(problems[0].key).toBe('bad.zip');
    expect(problems[0].detail).toMatch(/zip could not be opened/);
  });
});
