#!/usr/bin/env node
// The `brug` command. Runs the TypeScript sources directly through tsx (no build step), so every
// command works right after `npm ci`. Type checking is `npm run typecheck`, never part of start-up.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
