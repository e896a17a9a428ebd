/** `npm start`: the whole platform on localhost, data kept in one folder between runs. */
import { runLocalPlatform } from './cli.ts';

runLocalPlatform().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('govshare: could not start:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
