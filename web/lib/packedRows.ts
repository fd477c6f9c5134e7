/**
 * Float32 embedding rows as text, for JSON files (run exports, normal sets): `"<dim>:<base64 of the float32 bytes>"`,
 * little-endian as every browser and Node platform lays them out; numbers round-trip exactly.
 */
/** n×dim rows, back to back, packed. */
export function packRows(all: Float32Array, dim: number): string {
  return `${dim}:${bytesToBase64(new Uint8Array(all.buffer, all.byteOffset, all.byteLength))}`;
}

/** Packed rows back, one Float32Array each. */
export function unpackEmbeddings(packed: string): Float32Array[] {
  const [dimText, b64] = packed.split(':');
  const dim = Number(dimText);
  const bytes = base64ToBytes(b64);
  const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const out: Float32Array[] = [];
  for (let i = 0; i + dim <= all.length && dim > 0; i += dim) out.push(all.slice(i, i + dim));
  return out;
}

function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function base64ToBytes(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
