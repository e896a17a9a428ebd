#!/usr/bin/env node
// The CLI is TypeScript, as the rest of the workspace: tsx, resolved beside this file, compiles it on load.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
