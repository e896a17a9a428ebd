import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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
    // CommonJS dependencies bundled into ESM still call require() and read __dirname / __filename
    // (fontkit's brotli decoder does, as it loads): each chunk is its own module scope, so each gets them.
    banner: {
      js: [
        "import { createRequire as __govshareCreateRequire } from 'node:module';",
        "import { dirname as __govshareDirname } from 'node:path';",
        "import { fileURLToPath as __govshareFileURLToPath } from 'node:url';",
        'const require = __govshareCreateRequire(import.meta.url);',
        'const __filename = __govshareFileURLToPath(import.meta.url);',
        'const __dirname = __govshareDirname(__filename);',
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
