import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AUDIT_ENV,
  type Blueprint,
  COMMON_ENV,
  functionNameEnvName,
  govshare,
  SEAL_ENV,
} from '@govshare/blueprint';
import { auditSubjectKey } from './audit-key.ts';
import { type Endpoints, LOCAL_CREDENTIALS, LOCAL_REGION } from './aws.ts';
import { consoleSite } from './console-site.ts';
import { devIssuerKey } from './dev-issuer.ts';
import { assertPortFree, type Emulators, startEmulators } from './emulators.ts';
import { createGateway } from './gateway.ts';
import { localFunctions, REPO_ROOT, stopFunctions } from './invoke.ts';
import { createLambdaEndpoint } from './lambda-endpoint.ts';
import { consoleLog, type LocalLog } from './log.ts';
import { objectPassThrough } from './object-pass-through.ts';
import { startPollers } from './pollers.ts';
import { ensureResources, physicalName } from './resources.ts';
import { startScheduler } from './scheduler.ts';
import { sealKeyFile } from './seal-key.ts';

export interface LocalPlatformOptions {
  dataDir: string;
  /** 0 picks free ports (tests). */
  httpPort?: number;
  dynamoPort?: number;
  awsPort?: number;
  /** The Lambda API (Invoke) for the functions that invoke others; 0 picks a free port. */
  lambdaPort?: number;
  blueprint?: Blueprint;
  /** Load the synthetic sample units, users and records (idempotent). */
  sampleData?: boolean;
  /**
   * With sampleData, also the exchange's sample documents in every state and the review's sample
   * projects in flight (default true), whose numbers, deliveries, urges, worklists and pipeline a
   * test of its own documents or projects may not want.
   */
  sampleDocuments?: boolean;
  log?: LocalLog;
  /** Where the blueprint's `entry` paths start. */
  repoRoot?: string;
  /**
   * One endpoint that already speaks DynamoDB, S3 and SQS (LocalStack: http://localhost:4566).
   * When given, no embedded emulator is started and the data lives where that endpoint keeps it.
   */
  externalEndpoint?: string;
  /**
   * On stop, how long a consumer's batch, a schedule's run or a request in flight may take to finish
   * before it is cut short (a batch is then given back to its queue). Default 10 s.
   */
  stopGraceMs?: number;
  /** The built web console (console-site.ts `ensureConsoleBuilt`), served at `/`; none when absent. */
  consoleDir?: string;
}

export interface LocalPlatform {
  /** e.g. http://localhost:3000 */
  apiUrl: string;
  dynamoEndpoint: string;
  awsEndpoint: string;
  /** Where functions invoke functions (the Lambda API's Invoke, lambda-endpoint.ts). */
  lambdaEndpoint: string;
  dataDir: string;
  /** What the functions were given (also set on process.env). */
  env: Record<string, string>;
  /** Runs a schedule now, as EventBridge would. */
  triggerSchedule(functionName: string): Promise<unknown>;
  /**
   * Takes no more work (requests, messages, schedules), lets what is in flight finish within the grace
   * (giving back a batch that does not), then ends the functions' environments and the emulators.
   */
  stop(): Promise<void>;
}

const DEFAULT_STOP_GRACE_MS = 10_000;

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
    lambdaPort = 0,
    blueprint = govshare,
    sampleData = true,
    sampleDocuments = true,
    log = consoleLog,
    repoRoot = REPO_ROOT,
    stopGraceMs = DEFAULT_STOP_GRACE_MS,
  } = options;
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  // Before Java starts: a busy HTTP port should fail in milliseconds, not after the emulators are up.
  if (httpPort !== 0) await assertPortFree(httpPort);
  if (lambdaPort !== 0) await assertPortFree(lambdaPort);

  let phase = performance.now();
  const emulators = options.externalEndpoint
    ? externalEmulators(options.externalEndpoint)
    : await startEmulators({ dataDir, dynamoPort, awsPort });
  log.info(
    options.externalEndpoint
      ? `emulators: using ${options.externalEndpoint} for DynamoDB, S3 and SQS (none started)`
      : `emulators: DynamoDB Local and fauxqs (S3, SQS) up in ${since(phase)}`,
  );
  // First what takes work in (gateway, pollers, scheduler), together, each within the grace; then
  // what serves it, in the reverse order of starting: the functions' environments, the emulators.
  const intake: ((graceMs: number) => Promise<void>)[] = [];
  const teardown: (() => Promise<void>)[] = [() => emulators.stop()];
  let stopped: Promise<void> | undefined;
  // A second call waits for the first.
  const stopAll = () => {
    stopped ??= (async () => {
      await Promise.allSettled(intake.map((stop) => stop(stopGraceMs)));
      for (const stop of teardown.reverse()) await stop();
    })();
    return stopped;
  };
  try {
    phase = performance.now();
    const resources = await ensureResources(blueprint, emulators);
    log.info(`resources: tables, buckets and queues checked in ${since(phase)}`);
    const signingKey = await devIssuerKey(dataDir);
    const auditKey = await auditSubjectKey(dataDir);
    // One environment serves every function locally: the seal key file is given when any seals.
    const sealsDocuments = Object.values(blueprint.functions).some((spec) => spec.sealKeys !== undefined);
    const sealKeys = sealsDocuments ? await sealKeyFile(dataDir) : undefined;
    const functions = localFunctions(blueprint, repoRoot);
    teardown.push(() => stopFunctions(functions));
    // Closed before the functions stop (teardown runs backwards): what they invoke is theirs to finish.
    const lambdaEndpointServer = createLambdaEndpoint(functions, log);
    const lambdaEndpoint = `http://127.0.0.1:${await lambdaEndpointServer.listen(lambdaPort)}`;
    teardown.push(() => lambdaEndpointServer.close());
    const gateway = createGateway(
      blueprint,
      functions,
      log,
      options.consoleDir ? consoleSite(options.consoleDir) : undefined,
      objectPassThrough(
        emulators.awsEndpoint,
        Object.keys(blueprint.buckets).map((name) => physicalName(blueprint, name)),
      ),
    );
    const port = await gateway.listen(httpPort);
    intake.push((grace) => gateway.close(grace));
    const apiUrl = `http://localhost:${port}`;

    // Set before any handler is imported (lazily, at its first invocation), as Lambda sets it before a cold start.
    const env = functionEnvironment({
      resourceEnv: resources.env,
      apiUrl,
      audience: LOCAL_AUDIENCE,
      signingKey,
      auditKey,
      ...(sealKeys ? { sealKeyFile: sealKeys } : {}),
      endpoints: { ...emulators, lambdaEndpoint },
      functionNames: Object.fromEntries([...functions.values()].map((fn) => [fn.name, fn.functionName])),
    });
    Object.assign(process.env, env);
    // A session token from the user's shell would pair with the wrong keys.
    delete process.env.AWS_SESSION_TOKEN;

    phase = performance.now();
    if (sampleData) await loadSampleData(log, phase, { documents: sampleDocuments });

    const pollers = startPollers(blueprint, functions, resources.queues, emulators, log);
    intake.push((grace) => pollers.stop(grace));
    const scheduler = startScheduler(blueprint, functions, log);
    intake.push((grace) => scheduler.stop(grace));

    return {
      apiUrl,
      dynamoEndpoint: emulators.dynamoEndpoint,
      awsEndpoint: emulators.awsEndpoint,
      lambdaEndpoint,
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
  /** The file of the key that encrypts the seal keys, for functions with `sealKeys: true`. */
  sealKeyFile?: string;
  endpoints: Endpoints & { lambdaEndpoint: string };
  /** Blueprint name → deployed name, of every function (FUNCTION_<NAME>_NAME, for those that invoke it). */
  functionNames: Record<string, string>;
}

/** What every function is given locally, each setting named as the blueprint names it for the CDK app too. */
export function functionEnvironment(input: FunctionEnvironmentInput): Record<string, string> {
  return {
    ...input.resourceEnv,
    [COMMON_ENV.mode]: 'local',
    [COMMON_ENV.authIssuer]: input.apiUrl,
    [COMMON_ENV.authAudience]: input.audience,
    [COMMON_ENV.devSigningKey]: JSON.stringify(input.signingKey),
    [COMMON_ENV.publicBaseUrl]: input.apiUrl,
    [COMMON_ENV.presignedUrlEndpoint]: input.apiUrl,
    [AUDIT_ENV.subjectKey]: input.auditKey,
    ...(input.sealKeyFile ? { [SEAL_ENV.keyFile]: input.sealKeyFile } : {}),
    ...Object.fromEntries(
      Object.entries(input.functionNames).map(([name, deployed]) => [functionNameEnvName(name), deployed]),
    ),
    // No CloudWatch here to read EMF: metrics would only fill the console.
    POWERTOOLS_METRICS_DISABLED: 'true',
    // The SDK's own variables: every client built in functions/ finds the emulators by itself.
    AWS_ENDPOINT_URL_DYNAMODB: input.endpoints.dynamoEndpoint,
    AWS_ENDPOINT_URL_S3: input.endpoints.awsEndpoint,
    AWS_ENDPOINT_URL_SQS: input.endpoints.awsEndpoint,
    AWS_ENDPOINT_URL_LAMBDA: input.endpoints.lambdaEndpoint,
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
  seedSampleData(options: { documents: boolean }): Promise<{ created: number; skipped: number }>;
}

async function loadSampleData(
  log: LocalLog,
  startedAt: number,
  options: { documents: boolean },
): Promise<void> {
  if (!existsSync(fileURLToPath(SEED_MODULE))) {
    log.info(`sample data: not loaded, ${fileURLToPath(SEED_MODULE)} does not exist yet`);
    return;
  }
  const { seedSampleData } = (await import(SEED_MODULE.href)) as SeedModule;
  const { created, skipped } = await seedSampleData(options);
  log.info(`sample data: ${created} created, ${skipped} already present (${since(startedAt)})`);
}
