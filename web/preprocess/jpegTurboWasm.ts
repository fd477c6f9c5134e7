/**
 * The worker's libjpeg-turbo (jpegTurbo.ts): the 140 kB module fetched and compiled once, on the first model whose
 * manifest asks for "jpeg-draft", while that model's sessions are created. Null where it cannot load; photos then
 * take the browser's full decode, a few grey levels from the recipe's pixels (docs/preprocessing.md).
 */
import wasmUrl from '@cwasm/jpeg-turbo/jpeg-turbo.wasm?url';
import { JpegTurbo } from './jpegTurbo';

let loading: Promise<JpegTurbo | null> | undefined;

export function loadJpegTurbo(): Promise<JpegTurbo | null> {
  loading ??= WebAssembly.compileStreaming(fetch(wasmUrl))
    .then((module) => new JpegTurbo(module))
    .catch((e: unknown) => {
      console.warn('libjpeg-turbo did not load; JPEGs take the full decode', e);
      loading = undefined; // the next model tries again
      return null;
    });
  return loading;
}
