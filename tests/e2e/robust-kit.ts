/**
 * Shared by the robustness, privacy and crash e2e tests (tests/e2e/robust*, privacy*, crash*): a file chooser
 * helper and the test images generated at test time (synthetic, written by /usr/bin/python3 with PIL into a temp dir;
 * nothing derived from a dataset is committed).
 * Their server (`startServer`) and drop-by-bytes (`dropBytes`) are in tests/e2e/helpers.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** Drop a file from disk under another name (large files go through a file chooser: no base64 round trip). */
export async function pickFile(
  page: Page,
  inputTestId: string,
  file: string,
  name = path.basename(file),
  mime = 'application/octet-stream',
): Promise<void> {
  await page.getByTestId(inputTestId).setInputFiles({ name, mimeType: mime, buffer: readFileSync(file) });
}

/** Cosine of two embeddings: web/ood's (float64). */
export { cosine } from '../../web/ood/linalg';

const GENERATOR = String.raw`
import io, os, struct, sys, zlib
import numpy as np
from PIL import Image, ImageOps
out = sys.argv[1]
p = lambda n: os.path.join(out, n)
rng = np.random.default_rng(0)
# An asymmetric synthetic scene: gradients, a dark block bottom-left, a bright disc top-right.
h, w = 96, 128
y, x = np.mgrid[0:h, 0:w]
img = np.zeros((h, w, 3), np.uint8)
img[..., 0] = (x * 2).clip(0, 255); img[..., 1] = (y * 2).clip(0, 255); img[..., 2] = 160
img[60:, :40] = (20, 30, 40)
img[((x - 100) ** 2 + (y - 20) ** 2) < 150] = (250, 240, 60)
up = Image.fromarray(img)
up.save(p('upright.jpg'), quality=95)
up.save(p('upright.png'))
# EXIF orientation 6: pixels stored turned 90 deg; a viewer turns them back 90 deg clockwise.
exif = Image.Exif(); exif[0x0112] = 6
up.transpose(Image.Transpose.ROTATE_90).save(p('exif-rotated.jpg'), quality=95, exif=exif.tobytes())
up.transpose(Image.Transpose.ROTATE_90).save(p('sideways.jpg'), quality=95)
upright_back = np.asarray(ImageOps.exif_transpose(Image.open(p('exif-rotated.jpg')))).astype(int)
assert np.abs(upright_back - np.asarray(Image.open(p('upright.jpg'))).astype(int)).mean() < 3
up.convert('CMYK').save(p('cmyk.jpg'), quality=95)
up.convert('L').save(p('grey.png'))
a = np.asarray(up.convert('RGBA')).copy(); a[..., 3] = (x * 2).clip(0, 255); Image.fromarray(a).save(p('alpha.png'))
frames = [Image.new('RGB', (64, 64), c) for c in [(255, 0, 0), (0, 255, 0), (0, 0, 255)]]
frames[0].save(p('animated.gif'), save_all=True, append_images=frames[1:], duration=100, loop=0)
frames[0].save(p('first-frame.png'))
frames[1].save(p('second-frame.png'))
open(p('not-an-image.jpg'), 'wb').write(b'%PDF-1.4\n' + b'this is a text document, not a photo\n' * 50)
buf = io.BytesIO(); Image.fromarray(rng.integers(0, 255, (480, 640, 3), dtype=np.uint8)).save(buf, 'JPEG', quality=90)
open(p('truncated.jpg'), 'wb').write(buf.getvalue()[: len(buf.getvalue()) // 3])
open(p('zero-bytes.jpg'), 'wb').close()
up.save(p('photo.tiff'))
open(p('IMG_0001.HEIC'), 'wb').write(struct.pack('>I', 24) + b'ftypheic' + struct.pack('>I', 0) + b'mif1heic' + bytes(rng.integers(0, 255, 4000, dtype=np.uint8)))
def gradient_rows(W, H):
    # A smooth scene that survives any downscale: red grows left to right, green top to bottom, blue fixed.
    red = (np.arange(W) * 255 // (W - 1)).astype(np.uint8)
    for r in range(H):
        row = np.empty((W, 3), np.uint8); row[:, 0] = red; row[:, 1] = r * 255 // (H - 1); row[:, 2] = 128
        yield row
Image.fromarray(np.stack(list(gradient_rows(120, 120)))).save(p('huge-small.png'))
if os.environ.get('HUGE', '1') == '1':
    W = H = 12000
    def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    with open(p('huge-12000.png'), 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', W, H, 8, 2, 0, 0, 0)))
        z = zlib.compressobj(1); parts = []
        for r, row in enumerate(gradient_rows(W, H)):
            parts.append(z.compress(b'\x00' + row.tobytes()))
            if r % 500 == 499: f.write(chunk(b'IDAT', b''.join(parts))); parts = []
        parts.append(z.flush()); f.write(chunk(b'IDAT', b''.join(parts))); f.write(chunk(b'IEND', b''))
`;

/** Writes the synthetic test images into a fresh temp dir and returns it. */
export function makeTestImages(opts: { huge?: boolean } = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'alignscope-robust-'));
  execFileSync('/usr/bin/python3', ['-c', GENERATOR, dir], {
    env: { ...process.env, HUGE: opts.huge === false ? '0' : '1' },
    stdio: 'inherit',
  });
  return dir;
}
