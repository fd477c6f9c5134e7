#!/usr/bin/env node
// The `alignscope` command (package.json "bin"): the TypeScript of cli/ and web/ run as they are, through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
const code = await main(process.argv.slice(2));
// Exit now: a Redis client still reconnecting must not keep the process alive (stdout/stderr are synchronous on
// Linux for files, pipes and terminals, so nothing written is lost).
process.exit(code);
