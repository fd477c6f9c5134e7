import { describe, expect, it } from 'vitest';
import { rotate, rotationMatrix, toUnitSphere } from './sphereGl';

describe('sphere maths', () => {
  it('toUnitSphere keeps directions and makes unit length', () => {
    const c = toUnitSphere(new Float32Array([3, 0, 4, 0, 0, 0]));
    expect([...c.slice(0, 3)].map((v) => +v.toFixed(6))).toEqual([0.6, 0, 0.8]);
    expect([...c.slice(3)]).toEqual([0, 0, 0]);
  });

  it('rotation: yaw π/2 turns +x to −z (seen from +z), pitch π/2 turns +y to +z; lengths kept', () => {
    const yaw = rotate(rotationMatrix(Math.PI / 2, 0), 1, 0, 0);
    expect(yaw.map((v) => +v.toFixed(6) + 0)).toEqual([0, 0, -1]);
    const pitch = rotate(rotationMatrix(0, Math.PI / 2), 0, 1, 0);
    expect(pitch.map((v) => +v.toFixed(6) + 0)).toEqual([0, 0, 1]);
    const r = rotate(rotationMatrix(0.3, -0.7), 0.2, -0.5, 0.4);
    expect(Math.hypot(...r)).toBeCloseTo(Math.hypot(0.2, -0.5, 0.4), 6);
  });
});
