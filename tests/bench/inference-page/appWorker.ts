/**
 * The app's real inference worker (web/inference/worker.ts), with the bench's WASM memory probe loaded first.
 */
import './memoryProbe';
import '../../../web/inference/worker';
