#!/usr/bin/env node
// The `alignscope` command (package.json "bin"): the TypeScript of cli/ and web/ run as they are, through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
