import { runCommand } from './commands.ts';
import { EXIT, RefusedError, renderProblem, UsageError } from './errors.ts';
import type { Io } from './output.ts';
import { parseCommand } from './parse.ts';

/**
 * govshare with these arguments: the exit code (0 done, 1 refused by the API, 2 bad usage: nothing
 * was sent). Refusals go to stderr for people; with --json the problem+json goes to stdout as well.
 */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const json = argv.includes('--json');
  try {
    const parsed = await parseCommand(argv, io.env);
    if ('printed' in parsed) {
      io.stdout.write(parsed.printed);
      return EXIT.ok;
    }
    await runCommand(parsed, io);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\n`);
      if (json) io.stdout.write(`${JSON.stringify({ title: 'Bad usage', detail: error.message })}\n`);
      return EXIT.usage;
    }
    if (error instanceof RefusedError) {
      // An empty message: what was refused is already printed (an upload's report).
      if (error.message) io.stderr.write(`${renderProblem(error.problem)}\n`);
      if (json && error.message) io.stdout.write(`${JSON.stringify(error.problem, null, 2)}\n`);
      return EXIT.refused;
    }
    throw error;
  }
}
