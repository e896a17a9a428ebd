import { copyFileSync, mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';

export interface FunctionBundleOptions {
  /** The repository root: entry, extra files and node_modules are resolved from it. */
  repoRoot: string;
  /** Path from the repo root to the module exporting `handler`. */
  entry: string;
  /** Files under node_modules the bundle reads at run time, copied to the same path beside it. */
  files?: readonly string[];
  /** Paths from the repo root of files copied beside index.mjs under their own name. */
  besideBundle?: readonly string[];
}

/**
 * One function's asset directory: `index.mjs` (the handler) and `chunks/*.mjs`, an ESM build with
 * code splitting. NodejsFunction writes one file (`--outfile`), where esbuild inlines every dynamic
 * `import()`; split, a module reached only through `import()` (the S3 client and its adapters in the
 * HTTP functions) is a chunk of its own, compiled by the first request that needs it rather than
 * at every cold start (bench/functions.ts). Same esbuild settings as before otherwise: Node 24, ESM,
 * minified, the AWS SDK bundled (the version in package-lock.json is the one tested), a source map
 * without sources for decoding a logged stack trace offline (no --enable-source-maps: Node would
 * parse the map at every cold start).
 */
export function bundleFunction(options: FunctionBundleOptions): string {
  const outdir = mkdtempSync(path.join(tmpdir(), 'govshare-function-'));
  buildSync({
    entryPoints: { index: path.resolve(options.repoRoot, options.entry) },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    absWorkingDir: options.repoRoot,
    alias: builtinsWithoutEsmFacade(options.repoRoot),
    // CommonJS dependencies bundled into ESM still call require() and read __dirname / __filename
    // (fontkit's brotli decoder does, as it loads): each chunk is its own module scope, so each gets them.
    // Taken with process.getBuiltinModule rather than imported, for the reason builtinsWithoutEsmFacade gives.
    banner: {
      js: [
        "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);",
        "const __filename = process.getBuiltinModule('node:url').fileURLToPath(import.meta.url);",
        "const __dirname = process.getBuiltinModule('node:path').dirname(__filename);",
      ].join(' '),
    },
    logLevel: 'error',
  });
  for (const file of options.besideBundle ?? []) {
    copyFileSync(path.join(options.repoRoot, file), path.join(outdir, path.basename(file)));
  }
  for (const file of options.files ?? []) {
    const target = path.join(outdir, 'node_modules', file);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(path.join(options.repoRoot, 'node_modules', file), target);
  }
  return outdir;
}

let builtinShims: Record<string, string> | undefined;

/**
 * Every Node built-in module, mapped to a one-line CommonJS module that hands out the built-in itself
 * (`process.getBuiltinModule`). The first ESM `import` of a built-in builds its ESM facade, which reads
 * every export, lazy getters included: `import { STATUS_CODES } from 'node:http'` (@middy/util) loads
 * all of undici for http.WebSocket, `node:fs` its streams, `node:crypto` WebCrypto, `node:process`
 * stdin: measured in a fresh Node 24, ESM import against require(): http 109 ms against 8, fs 36 against
 * 0.1, util 28 against 0.1, crypto 27 against 12, on a busy machine. Through the shim, esbuild's
 * CommonJS interop reads only the exports used, when they are used. `require()` of a built-in takes the
 * same shim: the same object either way.
 */
function builtinsWithoutEsmFacade(repoRoot: string): Record<string, string> {
  if (!builtinShims) {
    // A fixed place, not a temporary one: the source map names the shims by their path, and a
    // path that changed at every synth would change every function's asset hash with it.
    const dir = path.join(repoRoot, 'node_modules', '.cache', 'govshare-builtins');
    mkdirSync(dir, { recursive: true });
    builtinShims = {};
    for (const name of builtinModules) {
      const bare = name.replace(/^node:/, '');
      const file = path.join(dir, `${bare.replaceAll('/', '__')}.cjs`);
      const code = `module.exports = process.getBuiltinModule(${JSON.stringify(`node:${bare}`)});\n`;
      // Written aside and renamed, so that a synth running beside this one never reads half a file.
      const aside = `${file}.${process.pid}`;
      writeFileSync(aside, code);
      renameSync(aside, file);
      builtinShims[`node:${bare}`] = file;
      // Some built-ins exist only under node: (node:sqlite, node:test): a bare name is a package then.
      if (!name.startsWith('node:')) builtinShims[bare] = file;
    }
  }
  return builtinShims;
}

let placeholder: string | undefined;

/** The asset of a function whose stack is not bundled (bundling-stacks context): one file saying so. */
export function unbundledPlaceholder(): string {
  if (!placeholder) {
    placeholder = mkdtempSync(path.join(tmpdir(), 'govshare-unbundled-'));
    writeFileSync(
      path.join(placeholder, 'index.mjs'),
      "export const handler = () => { throw new Error('This stack was synthesized without bundling'); };\n",
    );
  }
  return placeholder;
}
