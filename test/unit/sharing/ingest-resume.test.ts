import { citizenIdCheckChar } from '@govshare/domain/kernel';
import type { RejectedRow } from '@govshare/domain/sharing';
import {
  type IngestCheckpoint,
  type IngestOptions,
  ingest,
  type LoadedRow,
} from '@govshare/functions/sharing/ingest/pipeline.ts';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { PEOPLE_ITEMS } from '../../support/datasets.ts';

/** A load interrupted after a checkpoint, then resumed from it with the rest of the file's bytes. */
const today = new Date('2025-11-14T00:00:00Z');
const id = (n: number) => {
  const first17 = `611002199001${String(1 + (n % 28)).padStart(2, '0')}${String(n).padStart(3, '0')}`;
  return `${first17}${citizenIdCheckChar(first17)}`;
};

async function* chunks(buffer: Buffer, size: number) {
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
}

/** 120 rows: every 7th has no name (rejected); every 10th has a quoted name across two lines. */
function peopleFile(eol: string, format: 'csv' | 'jsonl' = 'csv') {
  const lines: string[] = format === 'csv' ? ['citizenId,name,birthDate,score'] : [];
  for (let n = 1; n <= 120; n++) {
    const name = n % 7 === 0 ? '' : n % 10 === 0 ? `"王${eol}某${n}"` : `某${n}`;
    if (format === 'csv') lines.push(`${id(n)},${name},1990-01-01,${n}`);
    else
      lines.push(
        JSON.stringify({ citizenId: id(n), ...(name ? { name: `某${n}` } : {}), birthDate: '1990-01-01' }),
      );
    // A blank line here and there, which the parser skips.
    if (n % 25 === 0) lines.push('');
  }
  return lines.join(eol) + eol;
}

type Options = Pick<IngestOptions, 'format' | 'encoding'>;

const base = (options: Options) => ({
  ...options,
  items: PEOPLE_ITEMS,
  today,
  batchSize: 4,
  checkpointEveryRows: 20,
});

/** The table: rows keyed by line, as the store keys them (a put of the same line overwrites). */
const table = () => new Map<number, LoadedRow['row']>();
const into = (rows: Map<number, LoadedRow['row']>) => ({
  write: async (batch: LoadedRow[]) => {
    for (const r of batch) rows.set(r.line, r.row);
  },
});

async function uninterrupted(file: Buffer, options: Options) {
  const rows = table();
  const report = await ingest({
    ...base(options),
    source: chunks(file, 50),
    writer: into(rows),
  });
  return { report, rows };
}

/** Crashes on the third write after the second checkpoint; returns what was stored, and the checkpoint. */
async function crashed(file: Buffer, options: Options) {
  const rows = table();
  const stored: { checkpoint?: IngestCheckpoint; rejections: RejectedRow[] } = { rejections: [] };
  let checkpoints = 0;
  let writesSince = 0;
  await expect(
    ingest({
      ...base(options),
      // Chunks that cut characters, quoted fields and line ends anywhere.
      source: chunks(file, 13),
      writer: {
        write: async (batch) => {
          if (checkpoints >= 2 && ++writesSince === 3) throw new Error('the instance died');
          for (const r of batch) rows.set(r.line, r.row);
        },
      },
      onCheckpoint: async (checkpoint, rejections) => {
        checkpoints++;
        stored.checkpoint = checkpoint;
        stored.rejections = [...rejections];
      },
    }),
  ).rejects.toThrow('the instance died');
  return { rows, ...stored };
}

async function resumed(
  file: Buffer,
  options: Options,
  rows: Map<number, LoadedRow['row']>,
  from: Awaited<ReturnType<typeof crashed>>,
) {
  const checkpoint = from.checkpoint as IngestCheckpoint;
  const written: number[] = [];
  const report = await ingest({
    ...base(options),
    source: chunks(file.subarray(checkpoint.offset), 7),
    resume: { checkpoint, rejections: from.rejections },
    writer: {
      write: async (batch) => {
        for (const r of batch) {
          written.push(r.line);
          rows.set(r.line, r.row);
        }
      },
    },
  });
  return { report, written, checkpoint };
}

describe('a load resumed from its checkpoint', () => {
  it.each([
    ['CSV, LF', Buffer.from(peopleFile('\n')), { format: 'csv', encoding: 'utf-8' }],
    ['CSV, CRLF', Buffer.from(peopleFile('\r\n')), { format: 'csv', encoding: 'utf-8' }],
    ['CSV with a BOM', Buffer.from(`\uFEFF${peopleFile('\n')}`), { format: 'csv', encoding: 'utf-8' }],
    ['CSV in GBK', iconv.encode(peopleFile('\r\n'), 'gbk'), { format: 'csv', encoding: 'gbk' }],
    ['CSV in GB18030', iconv.encode(peopleFile('\n'), 'gb18030'), { format: 'csv', encoding: 'gb18030' }],
    ['JSON Lines', Buffer.from(peopleFile('\n', 'jsonl')), { format: 'jsonl', encoding: 'utf-8' }],
  ] as const)(
    '%s: reads only what follows the checkpoint, loads each row once, reports as if never stopped',
    async (_, file, options) => {
      const whole = await uninterrupted(file, options);
      expect(whole.report).toMatchObject({
        status: 'loaded',
        rowsRead: 120,
        rowsRejected: 17,
        rowsLoaded: 103,
      });

      const first = await crashed(file, options);
      const checkpoint = first.checkpoint as IngestCheckpoint;
      expect(checkpoint.rowsRead).toBeGreaterThanOrEqual(40);
      // Every row up to the checkpoint's line was stored before the checkpoint was.
      const before = [...whole.rows.keys()].filter((line) => line <= checkpoint.line);
      expect(before.every((line) => first.rows.has(line))).toBe(true);
      expect(checkpoint.rowsLoaded).toBe(before.length);

      const { report, written } = await resumed(file, options, first.rows, first);
      // The resumed run read the file from the checkpoint on: no row before it again.
      expect(Math.min(...written)).toBeGreaterThan(checkpoint.line);
      expect(written).toHaveLength(whole.rows.size - before.length);
      expect(report.rowsRead - checkpoint.rowsRead).toBe(120 - checkpoint.rowsRead);
      // The same rows, under the same lines, and the same report as an uninterrupted load.
      expect(first.rows).toEqual(whole.rows);
      expect(report).toEqual(whole.report);
    },
  );

  it('pauses at a checkpoint when asked to, and goes on from it', async () => {
    const file = Buffer.from(peopleFile('\n'));
    const whole = await uninterrupted(file, { format: 'csv', encoding: 'utf-8' });
    const rows = table();
    let checkpoint: IngestCheckpoint | undefined;
    let rejections: RejectedRow[] = [];
    const paused = await ingest({
      ...base({ format: 'csv', encoding: 'utf-8' }),
      source: chunks(file, 50),
      writer: into(rows),
      onCheckpoint: async (at, listed) => {
        checkpoint = at;
        rejections = [...listed];
      },
      shouldPause: () => true,
    });
    expect(paused.status).toBe('paused');
    expect(paused.rowsRead).toBe(checkpoint?.rowsRead);
    const { report } = await resumed(file, { format: 'csv', encoding: 'utf-8' }, rows, {
      rows,
      rejections,
      ...(checkpoint ? { checkpoint } : {}),
    });
    expect(report).toEqual(whole.report);
    expect(rows).toEqual(whole.rows);
  });
});
