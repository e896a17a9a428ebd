import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONTEXT_DEPENDENCIES, checkImports, type ImportViolation } from './rules.ts';

/**
 * The dependency rule of docs/architecture.md, held against the code: a context imports another only
 * in the direction CONTEXT_DEPENDENCIES allows, and only through that context's published interface
 * (`functions/src/<context>/index.ts`, `@govshare/domain/<context>`); the platform layer and the
 * kernel import no context at all.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const files = [
  ...sourceFiles(join(root, 'functions/src')),
  ...sourceFiles(join(root, 'packages/domain/src')),
].map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));

describe('dependencies between bounded contexts', () => {
  it('finds the code of every context it governs', () => {
    for (const context of Object.keys(CONTEXT_DEPENDENCIES)) {
      // A context may exist as pure rules before it has functions (exchange did).
      const homes = [`functions/src/${context}/`, `packages/domain/src/${context}/`];
      expect(files.some((file) => homes.some((home) => file.path.startsWith(home)))).toBe(true);
    }
  });

  it('holds in the code as it stands', () => {
    const violations: ImportViolation[] = files.flatMap((file) => checkImports(file.path, file.text));
    expect(violations).toEqual([]);
  });

  it.each([
    [
      'a context reaching into another context’s store',
      'functions/src/registry/handler.ts',
      "import { dynamoGrantStore } from '../sharing/grant-store.ts';",
      'functions/src/sharing/grant-store.ts is not the published interface of sharing',
    ],
    [
      'a context importing one it may not depend on',
      'functions/src/catalogue/handler.ts',
      "import { grantReader } from '../sharing/index.ts';",
      'catalogue may not depend on sharing',
    ],
    [
      'a pure rule importing a later context',
      'packages/domain/src/catalogue/resource.ts',
      "import type { Grant } from '@govshare/domain/sharing';",
      'catalogue may not depend on sharing',
    ],
    [
      'a domain file reaching into another context by a relative path',
      'packages/domain/src/sharing/grants.ts',
      "import { SHARE_TYPES } from '../catalogue/share-types.ts';",
      'packages/domain/src/catalogue/share-types.ts is not the published interface of catalogue',
    ],
    [
      'the platform layer importing a context',
      'functions/src/platform/http.ts',
      "import { identityDirectory } from '../identity/index.ts';",
      'platform may not depend on identity',
    ],
    [
      'the kernel importing a context',
      'packages/domain/src/kernel/errors.ts',
      "import type { Unit } from '@govshare/domain/identity';",
      'kernel may not depend on identity',
    ],
    [
      'the domain importing the functions',
      'packages/domain/src/registry/access.ts',
      "import { dynamo } from '@govshare/functions/platform/aws-clients.ts';",
      'packages/domain may not import @govshare/functions',
    ],
    [
      'a dynamic import() of a forbidden module',
      'functions/src/identity/handler.ts',
      "const { grantReader } = await import('../sharing/index.ts');",
      'identity may not depend on sharing',
    ],
  ])('refuses %s', (_label, path, line, reason) => {
    expect(checkImports(path, line).map((v) => v.reason)).toEqual([reason]);
  });

  it('allows the directions and interfaces the rule names', () => {
    expect(
      checkImports('functions/src/registry/handler.ts', "import { grantReader } from '../sharing/index.ts';"),
    ).toEqual([]);
    expect(checkImports('functions/src/registry/query.ts', "import { x } from './query-parts.ts';")).toEqual(
      [],
    );
    expect(
      checkImports(
        'functions/src/sharing/ingest/consumer.ts',
        "import { x } from '../../platform/config.ts';",
      ),
    ).toEqual([]);
    expect(
      checkImports(
        'packages/domain/src/registry/access.ts',
        "import { Grant } from '@govshare/domain/sharing';",
      ),
    ).toEqual([]);
  });
});
