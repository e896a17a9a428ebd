import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './invoke.ts';
import type { LocalLog } from './log.ts';

/** The web console's workspace and where its build is kept between starts (gitignored). */
export const CONSOLE_ROOT = join(REPO_ROOT, 'console');
export const CONSOLE_DIST = join(CONSOLE_ROOT, 'dist');
const HASH_FILE = '.source-hash';

/** What the console's build depends on: its sources, the typed client, the locked dependency versions. */
const SOURCES = [
  'console/src',
  'console/index.html',
  'console/vite.config.ts',
  'console/tsconfig.json',
  'console/package.json',
  'packages/client/src/index.ts',
  'packages/client/src/schema.d.ts',
  'package-lock.json',
];

async function filesUnder(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return [];
  if (!info.isDirectory()) return [path];
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** SHA-256 over every source file's path and content: equal hashes, equal builds. */
export async function consoleSourceHash(root: string = REPO_ROOT): Promise<string> {
  const files = (await Promise.all(SOURCES.map((path) => filesUnder(join(root, path))))).flat().sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(relative(root, file).split(sep).join('/')).update('\0');
    hash.update(await readFile(file)).update('\0');
  }
  return hash.digest('hex');
}

export interface ConsoleBuild {
  dir: string;
  /** False when the kept build matched the sources. */
  built: boolean;
  seconds: number;
}

/**
 * Builds the console with Vite unless the kept build was made from the same sources (content hash).
 * The build goes to a folder of its own and replaces the kept one only when it is complete.
 */
export async function ensureConsoleBuilt(log: LocalLog, root: string = REPO_ROOT): Promise<ConsoleBuild> {
  const started = performance.now();
  const dist = join(root, 'console', 'dist');
  const hash = await consoleSourceHash(root);
  const kept = await readFile(join(dist, HASH_FILE), 'utf8').catch(() => undefined);
  const seconds = () => (performance.now() - started) / 1000;
  if (kept === hash && existsSync(join(dist, 'index.html')))
    return { dir: dist, built: false, seconds: seconds() };
  log.info('console: building the web console (its sources changed or it was never built)…');
  const fresh = join(root, 'console', `.dist-${process.pid}`);
  await rm(fresh, { recursive: true, force: true });
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  try {
    await promisify(execFile)(
      process.execPath,
      [vite, 'build', join(root, 'console'), '--outDir', fresh, '--emptyOutDir', '--logLevel', 'warn'],
      // A test runner's NODE_ENV=test would give React's development build and its warnings.
      { cwd: root, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NODE_ENV: 'production' } },
    );
    await writeFile(join(fresh, HASH_FILE), hash);
    await rm(dist, { recursive: true, force: true });
    await rename(fresh, dist).catch(async (error: NodeJS.ErrnoException) => {
      // Another start (or a test) built the same sources meanwhile and put its build in place first.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      await rm(fresh, { recursive: true, force: true });
    });
  } catch (error) {
    await rm(fresh, { recursive: true, force: true });
    throw error;
  }
  return { dir: dist, built: true, seconds: seconds() };
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * The console's pages: only styles Ant Design inserts inline, scripts and everything else from this
 * origin. The API's own answers are untouched.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** The console's runtime settings file beside its page (console/src/settings.ts reads it). */
export const CONSOLE_SETTINGS_FILE = 'console-settings.json';

/** `npm start`'s settings: the local development issuer, the API on the console's own origin. */
export const LOCAL_CONSOLE_SETTINGS = { apiUrl: '/', auth: { kind: 'development' } } as const;

/** Paths that belong to the API: never answered with the console's page. */
const API_PREFIXES = ['/v1/', '/api/', '/.well-known/'];

/**
 * Serves the built console for GET and HEAD requests no route took: a file of the build, or
 * index.html for the console's own addresses (/, /catalogue/…), which the router in the page reads.
 * Returns false when the request is not the console's (the gateway answers its 404).
 */
export function consoleSite(dir: string) {
  return async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (API_PREFIXES.some((prefix) => pathname.startsWith(prefix)) || pathname === '/v1') return false;
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return false;
    }
    if (decoded === `/${CONSOLE_SETTINGS_FILE}`) {
      send(req, res, Buffer.from(JSON.stringify(LOCAL_CONSOLE_SETTINGS)), '.json', 'no-cache');
      return true;
    }
    const file = normalize(join(dir, decoded));
    if (!file.startsWith(dir + sep) && file !== dir) return false;
    const isAsset = extname(decoded) !== '';
    const target = isAsset ? file : join(dir, 'index.html');
    let body: Buffer;
    try {
      body = await readFile(target);
    } catch {
      if (isAsset) return false;
      res.statusCode = 503;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.setHeader('retry-after', '5');
      res.end('工作台正在构建，请稍候刷新。The console is being built; reload in a few seconds.');
      return true;
    }
    // Hashed asset names never change content; the page itself is asked for again each time.
    send(req, res, body, extname(target), decoded.startsWith('/assets/') ? IMMUTABLE : 'no-cache');
    return true;
  };
}

/** Cache-Control of the build's hashed assets (the CDK app's deployment gives them the same). */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

function send(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  extension: string,
  cacheControl: string,
) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  res.setHeader('content-type', CONTENT_TYPES[extension] ?? 'application/octet-stream');
  res.setHeader('cache-control', cacheControl);
  res.setHeader('content-length', body.length);
  res.statusCode = 200;
  res.end(req.method === 'HEAD' ? undefined : body);
}

export type ConsoleSite = ReturnType<typeof consoleSite>;
