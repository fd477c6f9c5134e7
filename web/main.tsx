import './zodSetup';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { getInferenceClient } from './state/inferenceClient';
import { queryClient } from './state/queryClient';
import { useAppStore } from './state/store';

// The inference worker starts its runtime (WASM compile, threads) now, while React renders and the model downloads.
void getInferenceClient().prewarm(useAppStore.getState().backendPreference);

// The production app keeps its shell for offline starts (public/sw.js); the dev server's modules change too often.
if (import.meta.env.PROD && 'serviceWorker' in navigator)
  void navigator.serviceWorker.register('/sw.js').catch(() => undefined);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
