import { describe, expect, it } from 'vitest';
import { softwareAdapterReason } from './adapter';

describe('softwareAdapterReason', () => {
  it("flags Chromium's SwiftShader adapter by its info, whatever the field", () => {
    expect(softwareAdapterReason({ info: { vendor: 'google', architecture: 'swiftshader' } })).toMatch(/swiftshader/);
    expect(softwareAdapterReason({ info: { description: 'SwiftShader Device (Subzero)' } })).toMatch(/SwiftShader/);
    expect(softwareAdapterReason({ info: { description: 'llvmpipe (LLVM 15.0.6, 256 bits)' } })).toMatch(/llvmpipe/);
  });
  it('flags a fallback adapter on the adapter or on its info', () => {
    expect(softwareAdapterReason({ isFallbackAdapter: true })).toBe('a fallback adapter');
    expect(softwareAdapterReason({ info: { isFallbackAdapter: true, vendor: 'nvidia' } })).toBe('a fallback adapter');
  });
  it('keeps hardware adapters, including ones that name nothing', () => {
    expect(softwareAdapterReason({ info: { vendor: 'nvidia', architecture: 'ada' } })).toBeNull();
    expect(softwareAdapterReason({ info: { vendor: 'apple', architecture: 'metal-3' } })).toBeNull();
    expect(softwareAdapterReason({ isFallbackAdapter: false, info: {} })).toBeNull();
    expect(softwareAdapterReason({})).toBeNull();
  });
});
