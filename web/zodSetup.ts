/**
 * Imported first by main.tsx. zod 4 compiles fast-path parsers with `new Function` and probes whether it may;
 * under our CSP (no 'unsafe-eval') that probe is reported as a securitypolicyviolation even though zod catches it.
 * Interpreted parsing is plenty fast for manifests and JSON files.
 */
import { z } from 'zod';

z.config({ jitless: true });
