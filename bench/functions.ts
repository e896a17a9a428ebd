/**
 * Bundle size and cold-start init time of every deployed function, measured on the very bundles
 * `cdk synth` produces (same esbuild settings as in AWS), each beside its floor: a bundle holding
 * only a DynamoDB document client, the least any function of ours loads.
 *
 *   npx tsx bench/functions.ts            (part of `npm run bench`)
 *
 * Init time = a fresh Node process importing the bundle (what Lambda does at a cold start, minus
 * the runtime's own boot), median of several runs. Environment: the function's variables as the
 * template has them (NODE_OPTIONS included), dummy values for references, and the variables the
 * Lambda runtime sets (nothing is called at import time). The floor is sampled again beside each
 * function, alternating with it, and each ratio is to that floor: the machine is shared, and its
 * load drifts over the minute the bench takes.
 *
 *   BENCH_CDK_OUT=dir    use a cloud assembly `cdk synth -o dir` made already (no synth)
 *   BENCH_ONLY=regex     only the functions whose name matches
 *   BENCH_COLD_STARTS=n  samples per median (default 7)
 *
 * Ends with RESULT bundle-<function> (KiB) and cold-start-<function> (ms), each beside the floor bundle.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleFunction } from '../infra/constructs/function-bundle.ts';
import { printResults, result } from './result.ts';

const RUNS = Number(process.env.BENCH_COLD_STARTS ?? 7);
const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), 'govshare-bench-functions-'));

interface Bundle {
  name: string;
  file: string;
  environment: Record<string, string>;
}

function synthesizedBundles(): Bundle[] {
  // Absolute: the probes import the bundles by file URL, whatever directory the bench runs in.
  const out = resolve(process.env.BENCH_CDK_OUT ?? join(workDir, 'cdk.out'));
  if (!process.env.BENCH_CDK_OUT) {
    execFileSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '-o', out], {
      cwd: repoRoot,
      stdio: 'pipe', // printed only if synth fails (execFileSync throws with its output)
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', CDK_DISABLE_CLI_TELEMETRY: 'true' },
    });
  }
  const bundles: Bundle[] = [];
  for (const templateFile of readdirSync(out).filter((f) => f.endsWith('.template.json'))) {
    const template = JSON.parse(readFileSync(join(out, templateFile), 'utf8')) as {
      Resources: Record<
        string,
        { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, string> }
      >;
    };
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      const assetPath = resource.Metadata?.['aws:asset:path'];
      if (resource.Type !== 'AWS::Lambda::Function' || !assetPath) continue;
      const handlerFile = readdirSync(join(out, assetPath)).find((f) => /^index\.m?js$/.test(f));
      if (!handlerFile) continue;
      const variables = (
        resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined
      )?.Variables;
      // Literal values are kept; CloudFormation references (unknown at synth) get a placeholder of the right shape.
      const environment = Object.fromEntries(
        Object.entries(variables ?? {}).map(([name, value]) => [name, placeholder(name, value)]),
      );
      // No AWS here: a function that reads the audit key from Secrets Manager at cold start gets the key
      // itself instead, so the figure leaves out that one network call.
      if (environment.AUDIT_SUBJECT_KEY_SECRET_ARN) {
        delete environment.AUDIT_SUBJECT_KEY_SECRET_ARN;
        environment.AUDIT_SUBJECT_KEY = 'bench-audit-subject-key-of-at-least-32-characters';
      }
      const name = logicalId.replace(/^Functions/, '').replace(/Function[0-9A-F]{8}$/, '');
      if (only && !only.test(name)) continue;
      Object.assign(environment, lambdaEnvironment(name, resource.Properties?.MemorySize));
      bundles.push({
        name,
        file: join(out, assetPath, handlerFile),
        environment,
      });
    }
  }
  return bundles;
}

function placeholder(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (name.startsWith('AUTH_') || name.endsWith('_URL')) return `https://bench.invalid/${name.toLowerCase()}`;
  return `bench-${name.toLowerCase()}`;
}

/**
 * What the Lambda runtime itself sets and libraries look at during import (Powertools' tracer and
 * metrics switch on in Lambda, the X-Ray SDK enters its Lambda mode): without these the bench would
 * time a lighter import than a cold start does. The floor gets them too.
 */
function lambdaEnvironment(name: string, memorySize?: unknown): Record<string, string> {
  return {
    AWS_LAMBDA_FUNCTION_NAME: `govshare-${name}`,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memorySize ?? 1024),
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    LAMBDA_TASK_ROOT: '/var/task',
    _HANDLER: 'index.handler',
    AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000',
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
  };
}

/** The floor: bench/support/floor-function.ts, bundled exactly as infra bundles our functions. */
function floorBundle(): Bundle {
  const dir = bundleFunction({ repoRoot, entry: 'bench/support/floor-function.ts' });
  return {
    name: 'floor: DynamoDB document client only',
    file: join(dir, 'index.mjs'),
    environment: lambdaEnvironment('floor'),
  };
}

/**
 * Bytes a cold start compiles (the handler and the chunks it imports statically, transitively) and
 * bytes of every chunk (what an instance that served every route would have compiled in the end).
 */
function bundleBytes(file: string): { atInit: number; all: number } {
  const dir = dirname(file);
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const code = readFileSync(path, 'utf8');
    // esbuild's minified static imports: import{a as b}from"./chunks/x.mjs"; import"./x.mjs" (not import("…"))
    for (const [, specifier] of code.matchAll(
      /\bimport\s*(?:[^"'();]*?\bfrom\s*)?"(\.{1,2}\/[^"]+\.mjs)"/g,
    )) {
      if (specifier) visit(join(dirname(path), specifier));
    }
  };
  visit(file);
  const atInit = [...seen].reduce((sum, path) => sum + statSync(path).size, 0);
  const chunks = existsSync(join(dir, 'chunks'))
    ? readdirSync(join(dir, 'chunks')).filter((name) => name.endsWith('.mjs'))
    : [];
  const all = chunks.reduce(
    (sum, name) => sum + statSync(join(dir, 'chunks', name)).size,
    statSync(file).size,
  );
  return { atInit, all };
}

/** Every chunk of the bundle, for timing an instance that ends up loading all of its code. */
const chunksOf = (file: string) =>
  existsSync(join(dirname(file), 'chunks'))
    ? readdirSync(join(dirname(file), 'chunks'))
        .filter((name) => name.endsWith('.mjs'))
        .map((name) => join(dirname(file), 'chunks', name))
    : [];

/** A fresh process importing the bundle; with `everything`, then every one of its chunks too. */
function importMs(bundle: Bundle, everything = false): number {
  const rest = everything ? chunksOf(bundle.file) : [];
  const urls = (files: string[]) => JSON.stringify(files.map((file) => pathToFileURL(file).href));
  const probe = `const t = performance.now(); await import(${urls([bundle.file])}[0]); for (const chunk of ${urls(rest)}) await import(chunk); console.log(performance.now() - t);`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', probe], {
    env: { PATH: process.env.PATH ?? '', AWS_REGION: 'cn-north-1', ...bundle.environment },
    encoding: 'utf8',
  });
  if (run.status !== 0)
    throw new Error(`${bundle.name} failed to load: ${run.stderr.split('\n').slice(-12).join('\n')}`);
  return Number(run.stdout.trim());
}

const median = (samples: number[]) =>
  [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? Number.NaN;

/** Median init of the bundle and of the floor, sampled alternately in the same stretch of time. */
function coldStartMs(bundle: Bundle, floor: Bundle): { ms: number; floorMs: number; allMs: number } {
  const own: number[] = [];
  const floors: number[] = [];
  const all: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    floors.push(importMs(floor));
    own.push(importMs(bundle));
    all.push(importMs(bundle, true));
  }
  return { ms: median(own), floorMs: median(floors), allMs: median(all) };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

try {
  const floor = floorBundle();
  const floorSize = bundleBytes(floor.file).atInit;
  const bundles = synthesizedBundles();
  console.log(
    `\nFunction bundles and cold-start init (median of ${RUNS} fresh processes), each beside the floor sampled alternately with it.` +
      '\n"at init": what a cold start compiles; "all": every chunk, as an instance that served every route would end up; ' +
      '"all ms": a fresh process importing the handler and then every chunk',
  );
  console.log(
    `${'function'.padEnd(40)} ${'at init'.padStart(10)} ${'all'.padStart(10)} ${'init ms'.padStart(9)} ${'floor ms'.padStart(9)} ${'x floor'.padStart(8)} ${'all ms'.padStart(8)}`,
  );
  console.log(`${floor.name.padEnd(40)} ${kib(floorSize).padStart(10)}`);
  for (const bundle of bundles) {
    const { atInit, all } = bundleBytes(bundle.file);
    const { ms, floorMs, allMs } = coldStartMs(bundle, floor);
    console.log(
      `${bundle.name.padEnd(40)} ${kib(atInit).padStart(10)} ${kib(all).padStart(10)} ${ms.toFixed(1).padStart(9)} ${floorMs.toFixed(1).padStart(9)} ${(ms / floorMs).toFixed(2).padStart(8)} ${allMs.toFixed(1).padStart(8)}`,
    );
    result(`bundle-${bundle.name}`, atInit / 1024, 'KiB', floorSize / 1024);
    result(`cold-start-${bundle.name}`, ms, 'ms', floorMs);
  }
  printResults();
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
