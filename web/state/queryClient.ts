// The app's one QueryClient: main.tsx provides it to React, and actions outside React (normalSetHooks) refresh the
// queries they change through it. No other imports here: main.tsx loads this before anything that builds a schema.
import { QueryClient } from '@tanstack/react-query';

export const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false } } });
