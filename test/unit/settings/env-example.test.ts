import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bucketEnvName,
  functionNameEnvName,
  govshare,
  queueUrlEnvName,
  tableEnvName,
} from '@govshare/blueprint';
import { describe, expect, it } from 'vitest';

/** .env.example lists every environment variable the platform reads (README, "Settings"). */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Upper-case literals in files that read the environment which are not variables of ours. */
const NOT_SETTINGS: Readonly<Record<string, string>> = {
  PAY_PER_REQUEST: 'a DynamoDB billing mode',
  WHEN_REQUIRED: "an S3 client's checksum option",
  AWS_SESSION_TOKEN: 'the local runtime removes it, so that the emulators get its own credentials',
  PATH: "the shell's search path (node-pin puts the pinned Node first)",
};

const listed = () => {
  const text = readFileSync(join(ROOT, '.env.example'), 'utf8');
  return new Set([...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1] as string));
};

/** The source the platform runs: functions, packages, infra (not tests, not benches). */
const sources = () =>
  execFileSync('git', ['ls-files', '-co', '--exclude-standard', 'functions/src', 'packages', 'infra'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((path) => /\.(ts|mts|mjs|js)$/.test(path) && !path.endsWith('.d.ts'))
    .map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') }));

/**
 * The variables a file reads: `process.env.NAME`, `process.env['NAME']`, and, in a file that reads the
 * environment at all, each SCREAMING_SNAKE literal (the names kept in constants: COMMON_ENV, SHARING_ENV…).
 */
function variablesRead(text: string): string[] {
  const names = [
    ...text.matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]*)|\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\])/g),
  ].map((match) => (match[1] ?? match[2]) as string);
  if (/process\.env|ProcessEnv|\benv\[|\benvironment\b/.test(text)) {
    for (const match of text.matchAll(/['"`]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)['"`]/g))
      names.push(match[1] as string);
  }
  return names;
}

describe('.env.example', () => {
  it('lists every variable the code reads', () => {
    const documented = listed();
    const unlisted = new Map<string, string>();
    for (const { path, text } of sources()) {
      for (const name of variablesRead(text)) {
        if (!documented.has(name) && !(name in NOT_SETTINGS)) unlisted.set(name, path);
      }
    }
    expect(Object.fromEntries(unlisted)).toEqual({});
  });

  it("lists each resource variable of the blueprint's tables, buckets, queues and invoked functions", () => {
    const documented = listed();
    const invoked = Object.values(govshare.functions).flatMap((spec) =>
      'invokes' in spec ? (spec.invokes as readonly string[]) : [],
    );
    const names = [
      ...Object.keys(govshare.tables).map(tableEnvName),
      ...Object.keys(govshare.buckets).map(bucketEnvName),
      ...Object.keys(govshare.queues).map(queueUrlEnvName),
      ...invoked.map(functionNameEnvName),
    ];
    expect(names.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('lists nothing the code does not read', () => {
    const code = sources()
      .map(({ text }) => text)
      .join('\n');
    // The SDK's own variables and the derived resource names are read by name elsewhere.
    const readElsewhere = /^(AWS_|TABLE_|BUCKET_|QUEUE_|FUNCTION_)/;
    const stale = [...listed()].filter((name) => !readElsewhere.test(name) && !code.includes(name));
    expect(stale).toEqual([]);
  });
});
