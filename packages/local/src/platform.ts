import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AUDIT_ENV, type Blueprint, COMMON_ENV, govshare } from '@govshare/blueprint';
import { auditSubjectKey } from './audit-key.ts';
import { type Endpoints, LOCAL_CREDENTIALS, LOCAL_REGION } from './aws.ts';
import { devIssuerKey } from './dev-issuer.ts';
import { assertPortFree, type Emulators, startEmulators } from './emulators.ts';
import { createGateway } from './gateway.ts';
import { localFunctions, REPO_ROOT, stopFunctions } from './invoke.ts';
import { consoleLog, type LocalLog } from './log.ts';
import { startPollers } from './pollers.ts';
import { ensureResources } from './resources.ts';
import { startScheduler } from './scheduler.ts';

export interface LocalPlatformOptions {
  dataDir: string;
  /** 0 picks free ports (tests). */
  httpPort?: number;
  dynamoPort?: number;
  awsPort?: number;
  blueprint?: Blueprint;
  /** Load the synthetic sample units, users and records (idempotent). */
  sampleData?: boolean;
  log?: LocalLog;
  /** Where the blueprint's `entry` paths start. */
  repoRoot?: string;
  /**
   * One endpoint that already speaks DynamoDB, S3 and SQS (LocalStack: http://localhost:4566).
   * When given, no embedded emulator is started and the data lives where that endpoint keeps it.
   */
  externalEndpoint?: string;
}

export interface LocalPlatform {
  /** e.g. http://localhost:3000 */
  apiUrl: string;
  dynamoEndpoint: string;
  awsEndpoint: string;
  dataDir: string;
  /** What the functions were given (also set on process.env). */
  env: Record<string, string>;
  /** Runs a schedule now, as EventBridge would. */
  triggerSchedule(functionName: string): Promise<unknown>;
  stop(): Promise<void>;
}

/** The audience of development tokens; the identity function reads it like any other setting. */
export const LOCAL_AUDIENCE = 'govshare';

const SEED_MODULE = new URL('./seed/index.ts', import.meta.url);

/**
 * Brings the whole platform up in this process: emulators, resources, gateway, pollers, schedules and
 * (optionally) sample data. Each function runs in a worker thread of its own, which reads the
 * configuration set on process.env at its cold start; a process holds one platform at a time, as that
 * configuration (and the sample data loader's) is the process's.
 */
export async function startLocalPlatform(options: LocalPlatformOptions): Promise<LocalPlatform> {
  const {
    httpPort = 0,
    dynamoPort = 0,
    awsPort = 0,
    blueprint = govshare,
    sampleData = true,
    log = consoleLog,
    repoRoot = REPO_ROOT,
  } = options;
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  // Before Java starts: a busy HTTP port should fail in milliseconds, not after the emulators are up.
  if (httpPort !== 0) await assertPortFree(httpPort);

  let phase = performance.now();
  const emulators = options.externalEndpoint
    ? externalEmulators(options.externalEndpoint)
    : await startEmulators({ dataDir, dynamoPort, awsPort });
  log.info(
    options.externalEndpoint
      ? `emulators: using ${options.externalEndpoint} for DynamoDB, S3 and SQS (none started)`
      : `emulators: DynamoDB Local and fauxqs (S3, SQS) up in ${since(phase)}`,
  );
  const stops: (() => Promise<void>)[] = [() => emulators.stop()];
  let stopped: Promise<void> | undefined;
  // In the reverse order of starting; a second call waits for the first.
  const stopAll = () => {
    stopped ??= (async () => {
      for (const stop of stops.reverse()) await stop();
    })();
    return stopped;
  };
  try {
    phase = performance.now();
    const resources = await ensureResources(blueprint, emulators);
    log.info(`resources: tables, buckets and queues checked in ${since(phase)}`);
    const signingKey = await devIssuerKey(dataDir);
    const auditKey = await auditSubjectKey(dataDir);
    const functions = localFunctions(blueprint, repoRoot);
    // After the gateway, pollers and scheduler (stopped in reverse order) have no more work for them.
    stops.push(() => stopFunctions(functions));
    const gateway = createGateway(blueprint, functions, log);
    const port = await gateway.listen(httpPort);
    stops.push(() => gateway.close());
    const apiUrl = `http://localhost:${port}`;

    // Set before any handler is imported (lazily, at its first invocation), as Lambda sets it before a cold start.
    const env = functionEnvironment({
      resourceEnv: resources.env,
      apiUrl,
      audience: LOCAL_AUDIENCE,
      signingKey,
      auditKey,
      endpoints: emulators,
    });
    Object.assign(process.env, env);
    // A session token from the user's shell would pair with the wrong keys.
    delete process.env.AWS_SESSION_TOKEN;

    phase = performance.now();
    if (sampleData) await loadSampleData(log, phase);

    const pollers = startPollers(blueprint, functions, resources.queues, emulators, log);
    stops.push(() => pollers.stop());
    const scheduler = startScheduler(blueprint, functions, log);
    stops.push(() => scheduler.stop());

    return {
      apiUrl,
      dynamoEndpoint: emulators.dynamoEndpoint,
      awsEndpoint: emulators.awsEndpoint,
      dataDir,
      env,
      triggerSchedule: (name) => scheduler.trigger(name),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export interface FunctionEnvironmentInput {
  /** TABLE_*, BUCKET_*, QUEUE_*_URL of the resources. */
  resourceEnv: Record<string, string>;
  /** The gateway's URL, which is also the development issuer's. */
  apiUrl: string;
  audience: string;
  signingKey: object;
  auditKey: string;
  endpoints: Endpoints;
}

/** What every function is given locally, each setting named as the blueprint names it for the CDK app too. */
export function functionEnvironment(input: FunctionEnvironmentInput): Record<string, string> {
  return {
    ...input.resourceEnv,
    [COMMON_ENV.mode]: 'local',
    [COMMON_ENV.authIssuer]: input.apiUrl,
    [COMMON_ENV.authAudience]: input.audience,
    [COMMON_ENV.devSigningKey]: JSON.stringify(input.signingKey),
    [AUDIT_ENV.subjectKey]: input.auditKey,
    // The SDK's own variables: every client built in functions/ finds the emulators by itself.
    AWS_ENDPOINT_URL_DYNAMODB: input.endpoints.dynamoEndpoint,
    AWS_ENDPOINT_URL_S3: input.endpoints.awsEndpoint,
    AWS_ENDPOINT_URL_SQS: input.endpoints.awsEndpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  };
}

/** LocalStack or any other endpoint serving all three protocols: nothing to start or stop. */
function externalEmulators(endpoint: string): Emulators {
  const url = endpoint.replace(/\/+$/, '');
  return { dynamoEndpoint: url, awsEndpoint: url, stop: async () => {} };
}

const since = (start: number) => `${((performance.now() - start) / 1000).toFixed(1)} s`;

interface SeedModule {
  seedSampleData(): Promise<{ created: number; skipped: number }>;
}

async function loadSampleData(log: LocalLog, startedAt: number): Promise<void> {
  if (!existsSync(fileURLToPath(SEED_MODULE))) {
    log.info(`sample data: not loaded, ${fileURLToPath(SEED_MODULE)} does not exist yet`);
    return;
  }
  const { seedSampleData } = (await import(SEED_MODULE.href)) as SeedModule;
  const { created, skipped } = await seedSampleData();
  log.info(`sample data: ${created} created, ${skipped} already present (${since(startedAt)})`);
}
