/** What `npm start` runs (main.ts): the whole platform on localhost, data kept in one folder between runs. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Blueprint } from '@govshare/blueprint';
import { CONSOLE_DIST, type ConsoleBuild, ensureConsoleBuilt } from './console-site.ts';
import { PortInUseError } from './emulators.ts';
import { REPO_ROOT } from './invoke.ts';
import { AlreadyRunningError, acquireLock } from './lock.ts';
import { consoleLog } from './log.ts';
import { startLocalPlatform } from './platform.ts';

const PORT_VARIABLES = [
  ['PORT', 3000, 'the HTTP API'],
  ['DYNAMODB_PORT', 8000, 'DynamoDB Local'],
  // 4566 is LocalStack's; stay clear of it so both can run side by side.
  ['AWS_PORT', 4567, 'S3 and SQS (fauxqs)'],
  ['LAMBDA_PORT', 4568, 'the Lambda API (functions invoking functions)'],
] as const;

const DUPLICATE_SIGNAL_MS = 2000;

function port(variable: string, fallback: number): number {
  const text = process.env[variable];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  // 0 asks the OS for a free port (handy for end-to-end tests).
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`${variable}=${text} is not a port number (0-65535)`);
  }
  return value;
}

export interface RunOptions {
  /** The platform to run; govshare's own by default (tests run small fixture platforms). */
  blueprint?: Blueprint;
  sampleData?: boolean;
  /** How long a stop waits for work in flight before giving it back (see LocalPlatformOptions). */
  stopGraceMs?: number;
}

/** Starts the platform, waits for SIGINT or SIGTERM, stops it cleanly; resolves with the exit code. */
export async function runLocalPlatform(options: RunOptions = {}): Promise<number> {
  const dataDir = process.env.GOVSHARE_DATA_DIR || join(REPO_ROOT, '.govshare');
  const ports = PORT_VARIABLES.map(([variable, fallback]) => port(variable, fallback));
  const [httpPort, dynamoPort, awsPort, lambdaPort] = ports;
  await mkdir(dataDir, { recursive: true });

  let lock: Awaited<ReturnType<typeof acquireLock>>;
  try {
    lock = await acquireLock(dataDir);
  } catch (error) {
    if (!(error instanceof AlreadyRunningError)) throw error;
    console.error(error.message);
    return 1;
  }

  console.log(`govshare: starting (data in ${dataDir})`);
  // Listening from the start: Ctrl-C while the emulators come up still ends in a clean stop.
  const stopRequested = onStopSignal();
  // Alongside the emulators' start (Java, then the seed): the gateway serves the console once it is there.
  const consoleBuild = ensureConsoleBuilt(consoleLog).catch((error: unknown) => {
    consoleLog.error('console: the web console could not be built; the API runs without it', error);
    return undefined;
  });
  let platform: Awaited<ReturnType<typeof startLocalPlatform>>;
  try {
    // The SDK's own variable: set, it points the platform at LocalStack instead of the embedded emulators.
    const externalEndpoint = process.env.AWS_ENDPOINT_URL || undefined;
    platform = await startLocalPlatform({
      dataDir,
      httpPort,
      dynamoPort,
      awsPort,
      lambdaPort,
      consoleDir: CONSOLE_DIST,
      ...(externalEndpoint ? { externalEndpoint } : {}),
      ...(options.blueprint ? { blueprint: options.blueprint } : {}),
      ...(options.sampleData !== undefined ? { sampleData: options.sampleData } : {}),
      ...(options.stopGraceMs !== undefined ? { stopGraceMs: options.stopGraceMs } : {}),
    });
  } catch (error) {
    await consoleBuild;
    await lock.release();
    if (error instanceof PortInUseError) {
      const [variable, , what] = PORT_VARIABLES[ports.indexOf(error.port)] ?? PORT_VARIABLES[0];
      console.error(
        `Port ${error.port} (${what}) is already used by another program.\n` +
          `Stop that program, or choose another port: ${variable}=<port> npm start`,
      );
      return 1;
    }
    throw error;
  }
  await lock.update({
    apiUrl: platform.apiUrl,
    dynamoEndpoint: platform.dynamoEndpoint,
    awsEndpoint: platform.awsEndpoint,
  });
  printBanner(platform, process.uptime(), await consoleBuild);

  await stopRequested;
  await platform.stop();
  await lock.release();
  console.log('govshare: stopped; data kept in', dataDir);
  return 0;
}

/**
 * Resolves on the first SIGINT, SIGTERM or SIGHUP (the terminal closed); a later one, once the stop
 * hangs, exits at once.
 */
function onStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    let stoppingSince: number | undefined;
    const shutdown = (signal: string) => {
      if (stoppingSince === undefined) {
        stoppingSince = Date.now();
        console.log(`\ngovshare: stopping (${signal})…`);
        resolve();
        return;
      }
      // Ctrl-C reaches this process twice (from the terminal and relayed by npm): only a later one forces.
      if (Date.now() - stoppingSince < DUPLICATE_SIGNAL_MS) return;
      console.error(`govshare: ${signal} again, exiting without a clean stop`);
      process.exit(1);
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));
  });
}

function printBanner(
  platform: Awaited<ReturnType<typeof startLocalPlatform>>,
  seconds: number,
  build: ConsoleBuild | undefined,
) {
  const api = platform.apiUrl;
  const consoleLine = build
    ? `  Web console     ${api}/   (工作台: choose a sample user to sign in; ${build.built ? `built in ${build.seconds.toFixed(1)} s` : 'unchanged, not rebuilt'})`
    : '  Web console     not built (see the error above)';
  console.log(
    [
      '',
      `govshare is ready in ${seconds.toFixed(1)} s`,
      '',
      consoleLine,
      `  HTTP API        ${api}   (try ${api}/v1/health)`,
      `  DynamoDB        ${platform.dynamoEndpoint}`,
      `  S3 + SQS        ${platform.awsEndpoint}`,
      `  Lambda (Invoke) ${platform.lambdaEndpoint}`,
      `  Data folder     ${platform.dataDir}`,
      '',
      '  A token for the sample platform administrator (egov-admin), from the development issuer:',
      `    curl -s -X POST ${api}/v1/dev/token -H 'content-type: application/json' -d '{"userId":"egov-admin"}'`,
      '  then call the API with its access_token:',
      `    curl -s ${api}/v1/me -H "authorization: Bearer <access_token>"`,
      '',
      '  Ctrl-C stops everything; the data stays for the next start.',
      '',
    ].join('\n'),
  );
}
