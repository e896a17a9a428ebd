import { posix } from 'node:path';

/**
 * Which bounded context may import which (docs/architecture.md). The order is the order of the
 * platform's data: the directory first, the audit trail that everyone writes to, the catalogue,
 * the grants made on it, and the base databases served under those grants. A new context adds its
 * line here, and may depend only on contexts listed before it, so no cycle can form.
 * `platform` (functions/src/platform) and `kernel` (packages/domain/src/kernel) depend on no context.
 */
export const CONTEXT_DEPENDENCIES: Readonly<Record<string, readonly string[]>> = {
  identity: [],
  audit: ['identity'],
  catalogue: ['identity', 'audit'],
  sharing: ['identity', 'audit', 'catalogue'],
  registry: ['identity', 'audit', 'catalogue', 'sharing'],
  // Document exchange: the directory's shapes (unit codes) and the audit trail's canonical form (seals).
  exchange: ['identity', 'audit'],
  // Project pre-review: units and roles, canonical form (diffs), catalogue codes (不编目不审批), and the
  // exchange, which carries the approval reply (批复) and whose revision diff it reuses.
  review: ['identity', 'audit', 'catalogue', 'exchange'],
  // Assessment: scores units on the records the others keep (deliveries and urges, catalogue entries,
  // access requests, project decisions), so it comes last; nothing depends on it.
  assessment: ['identity', 'audit', 'catalogue', 'sharing', 'exchange', 'review'],
};

const SHARED_LAYERS = ['platform', 'kernel'];

export interface ImportViolation {
  file: string;
  specifier: string;
  reason: string;
}

type Layer = 'functions' | 'domain';
interface Place {
  layer: Layer;
  home: string;
  path: string;
}

/** The layer and context (or shared layer) of a repo path, if it is governed by the rule. */
function placeOf(path: string): Place | undefined {
  const functions = /^functions\/src\/([^/]+)\//.exec(path);
  if (functions?.[1]) return { layer: 'functions', home: functions[1], path };
  const domain = /^packages\/domain\/src\/([^/]+)\//.exec(path);
  if (domain?.[1]) return { layer: 'domain', home: domain[1], path };
  return undefined;
}

/** A context's published interface: its index.ts, or the domain's subpath export (which is that index). */
const isPublished = (place: Place) =>
  place.path === `functions/src/${place.home}/index.ts` ||
  place.path === `packages/domain/src/${place.home}/index.ts`;

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)'([^']+)'/g;

/** The import specifiers of a source text: static imports, re-exports and import() calls. */
export function importSpecifiers(text: string): string[] {
  return [...text.matchAll(SPECIFIER)].map((match) => match[1] as string);
}

function targetOf(from: Place, specifier: string): Place | 'functions-package' | undefined {
  if (specifier.startsWith('.')) {
    const path = posix.normalize(posix.join(posix.dirname(from.path), specifier));
    return placeOf(path);
  }
  const domain = /^@govshare\/domain\/([^/]+)$/.exec(specifier);
  if (domain?.[1])
    return { layer: 'domain', home: domain[1], path: `packages/domain/src/${domain[1]}/index.ts` };
  const functions = /^@govshare\/functions\/(.+)$/.exec(specifier);
  if (functions?.[1])
    return from.layer === 'domain' ? 'functions-package' : placeOf(`functions/src/${functions[1]}`);
  return undefined;
}

/** Every import of one file that breaks the rule, with the reason. */
export function checkImports(file: string, text: string): ImportViolation[] {
  const from = placeOf(file);
  if (!from) return [];
  const violations: ImportViolation[] = [];
  for (const specifier of importSpecifiers(text)) {
    const refuse = (reason: string) => violations.push({ file, specifier, reason });
    if (from.layer === 'domain' && specifier.startsWith('@govshare/blueprint')) {
      refuse('packages/domain may not import @govshare/blueprint');
      continue;
    }
    const target = targetOf(from, specifier);
    if (target === 'functions-package') {
      refuse('packages/domain may not import @govshare/functions');
      continue;
    }
    if (!target || target.home === from.home || SHARED_LAYERS.includes(target.home)) {
      if (target && from.layer === 'domain' && target.layer === 'functions') {
        refuse('packages/domain may not import @govshare/functions');
      }
      continue;
    }
    if (SHARED_LAYERS.includes(from.home) || !CONTEXT_DEPENDENCIES[from.home]?.includes(target.home)) {
      refuse(`${from.home} may not depend on ${target.home}`);
    } else if (!isPublished(target)) {
      refuse(`${target.path} is not the published interface of ${target.home}`);
    }
  }
  return violations;
}
