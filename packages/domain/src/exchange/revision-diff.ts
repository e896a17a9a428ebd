import { canonicalJson } from '@govshare/domain/audit';
import { diffLines } from 'diff';
import type { DraftContent } from './document.ts';

/**
 * What changed between two revisions (稿) of a document: each metadata field that differs, with
 * its value before and after, and the body line by line (the `diff` package's Myers diff over
 * lines), each run of lines numbered in the revision it comes from.
 */
export interface FieldChange {
  field: string;
  /** Absent when the field was not set before. */
  from?: unknown;
  /** Absent when the field is no longer set. */
  to?: unknown;
}

export interface BodyRun {
  kind: 'unchanged' | 'added' | 'removed';
  lines: string[];
  /** First line of the run in the older revision (unchanged and removed runs), from 1. */
  fromLine?: number;
  /** First line of the run in the newer revision (unchanged and added runs), from 1. */
  toLine?: number;
}

export interface RevisionDiff {
  fields: FieldChange[];
  body: { linesAdded: number; linesRemoved: number; runs: BodyRun[] };
}

const splitLines = (text: string): string[] => {
  const lines = text.split(/\r\n|\r|\n/);
  // diffLines counts a final newline as ending the last line, not as an empty line after it.
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
};

export function diffContents(from: DraftContent, to: DraftContent): RevisionDiff {
  const older = from as Record<string, unknown>;
  const newer = to as Record<string, unknown>;
  const fields: FieldChange[] = [];
  const names = [...new Set([...Object.keys(older), ...Object.keys(newer)])].filter(
    (name) => name !== 'body',
  );
  for (const field of names.sort()) {
    const before = older[field];
    const after = newer[field];
    const same =
      before === undefined || after === undefined
        ? before === after
        : canonicalJson(before) === canonicalJson(after);
    if (same) continue;
    const change: FieldChange = { field };
    if (before !== undefined) change.from = before;
    if (after !== undefined) change.to = after;
    fields.push(change);
  }

  const runs: BodyRun[] = [];
  let fromLine = 1;
  let toLine = 1;
  let linesAdded = 0;
  let linesRemoved = 0;
  for (const part of diffLines(from.body, to.body)) {
    const lines = splitLines(part.value);
    if (part.added) {
      runs.push({ kind: 'added', lines, toLine });
      toLine += lines.length;
      linesAdded += lines.length;
    } else if (part.removed) {
      runs.push({ kind: 'removed', lines, fromLine });
      fromLine += lines.length;
      linesRemoved += lines.length;
    } else {
      runs.push({ kind: 'unchanged', lines, fromLine, toLine });
      fromLine += lines.length;
      toLine += lines.length;
    }
  }
  return { fields, body: { linesAdded, linesRemoved, runs } };
}
