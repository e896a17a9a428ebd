// Plain JavaScript, so that it loads in any worker: registers tsx, then loads the TypeScript worker.
// A worker inherits `node --import tsx` or the tsx CLI's loader, but not a test runner's transform.
import { register } from 'tsx/esm/api';

register();
await import('./function-worker.ts');
