/**
 * Imported first by main.tsx, before any module that parses with zod at import time (stores reading localStorage).
 * The CSP has no 'unsafe-eval': zod would probe `Function('')` on its first object parse and the browser would report
 * a CSP violation on every load. Its interpreted (jitless) parser gives the same results without eval.
 */
import { z } from 'zod';

z.config({ jitless: true });
