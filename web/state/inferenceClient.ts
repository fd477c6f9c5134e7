import { InferenceClient } from '../inference/client';

let client: InferenceClient | null = null;

/** The app's one inference worker, created on first use. Screens use `useInference()` (modelHooks.ts). */
export function getInferenceClient(): InferenceClient {
  client ??= new InferenceClient();
  return client;
}
