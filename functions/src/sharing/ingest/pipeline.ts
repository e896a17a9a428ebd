import type { DataItemDefinition } from '@govshare/domain/catalogue';
import {
  checkCsvRow,
  checkHeader,
  checkJsonRow,
  type DatasetEncoding,
  type DatasetFormat,
  REJECTED_ROWS_LISTED,
  type RejectedRow,
  type RowCheck,
  type RowValue,
  type UploadProgress,
} from '@govshare/domain/sharing';
import { decodeText, type FileRecord, FileRejection, readRecords, type SyncPoint } from './records.ts';

export interface LoadedRow {
  line: number;
  row: Record<string, RowValue>;
}

/** Stores one batch of good rows (at most `batchSize`); must be idempotent per line. */
export interface RowWriter {
  write(rows: LoadedRow[]): Promise<void>;
}

/**
 * A point to resume an interrupted load from: every row up to `line` is loaded or rejected and counted,
 * and the rest of the file starts at byte `offset`. What a resumed run needs to go on as if it had
 * never stopped: the counters, the rejections listed so far, and (CSV) the header.
 */
export interface IngestCheckpoint extends UploadProgress {
  offset: number;
  line: number;
  /** The CSV header's fields, as read. */
  header?: string[];
}

export interface IngestOptions {
  /** The file's bytes; from `resume.offset` on when resuming. */
  source: AsyncIterable<Uint8Array>;
  format: DatasetFormat;
  encoding: DatasetEncoding;
  items: readonly DataItemDefinition[];
  /** Birth dates in citizen IDs must lie before it. */
  today: Date;
  writer: RowWriter;
  /** Rows per write: BatchWriteItem takes 25. */
  batchSize?: number;
  /** Writes in flight at once; more waits (backpressure on the file stream). */
  concurrency?: number;
  onProgress?: (progress: UploadProgress) => Promise<void>;
  progressEveryRows?: number;
  /** Goes on from a checkpoint of an earlier run (whose rejections listed so far it is given). */
  resume?: { checkpoint: IngestCheckpoint; rejections: readonly RejectedRow[] };
  /**
   * Stores a checkpoint: called at the first record boundary after every `checkpointEveryRows` rows,
   * once every row before it is written. `rejections` are those listed so far.
   */
  onCheckpoint?: (checkpoint: IngestCheckpoint, rejections: readonly RejectedRow[]) => Promise<void>;
  checkpointEveryRows?: number;
  /** Asked after each checkpoint: true stops the load there ('paused'), to be resumed from it. */
  shouldPause?: () => boolean;
}

export interface IngestReport extends UploadProgress {
  /** 'paused': stopped at a checkpoint when asked to (shouldPause); the rest is still to load. */
  status: 'loaded' | 'rejected' | 'paused';
  fileRejection?: string;
  /** The first REJECTED_ROWS_LISTED rejected rows; rowsRejected counts all. */
  rejections: RejectedRow[];
}

/** Thrown inside the pipeline to stop at a checkpoint. */
class Pause extends Error {}

/**
 * Streams a file through decode → parse → validate → batched writes, holding at most
 * `concurrency × batchSize` rows in memory whatever the file's size. Every so many rows it stores a
 * checkpoint where the file's bytes and its records are known to line up, so that a load interrupted
 * (a crash, a timeout, a pause) goes on from there: the rows are keyed by line, so those written again
 * after the checkpoint overwrite themselves.
 */
export async function ingest(options: IngestOptions): Promise<IngestReport> {
  const { items, today, writer, format, resume } = options;
  const batchSize = options.batchSize ?? 25;
  const concurrency = options.concurrency ?? 4;
  const progressEvery = options.progressEveryRows ?? 10_000;
  const checkpointEvery = options.checkpointEveryRows ?? 5_000;
  const progress: UploadProgress = {
    rowsRead: resume?.checkpoint.rowsRead ?? 0,
    rowsLoaded: resume?.checkpoint.rowsLoaded ?? 0,
    rowsRejected: resume?.checkpoint.rowsRejected ?? 0,
  };
  // The rejections listed before the checkpoint: later ones will be found again.
  const rejections: RejectedRow[] = (resume?.rejections ?? []).filter(
    (r) => r.line <= (resume?.checkpoint.line ?? 0),
  );
  const inFlight = new Set<Promise<void>>();
  let writeError: unknown;
  let batch: LoadedRow[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    const write = writer
      .write(rows)
      .then(() => {
        progress.rowsLoaded += rows.length;
      })
      .catch((error: unknown) => {
        writeError ??= error;
      })
      .finally(() => inFlight.delete(write));
    inFlight.add(write);
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (writeError) throw writeError;
  };
  const drain = async () => {
    await Promise.all(inFlight);
    if (writeError) throw writeError;
  };
  const reject = (line: number, reason: string) => {
    progress.rowsRejected++;
    if (rejections.length < REJECTED_ROWS_LISTED) rejections.push({ line, reason: reason.slice(0, 200) });
  };
  const report = (status: IngestReport['status'], fileRejection?: string): IngestReport => ({
    ...progress,
    status,
    ...(fileRejection ? { fileRejection } : {}),
    rejections,
  });

  // Where text and bytes line up (see SyncPoint), in this run's text; offsets from the resumed byte on.
  const syncs: SyncPoint[] = [];
  const startsAt = resume?.checkpoint.offset ?? 0;
  const end = { endsWithNewline: true };
  const records = readRecords(
    decodeText(options.source, options.encoding, {
      resumed: resume !== undefined,
      ...(options.onCheckpoint ? { onSync: (point: SyncPoint) => void syncs.push(point) } : {}),
    }),
    format,
    end,
    resume?.checkpoint.line ?? 0,
  );
  let header = resume?.checkpoint.header;
  let columns: (DataItemDefinition | undefined)[] | undefined;
  if (format === 'csv' && header) {
    const checked = checkHeader(header, items);
    if (!checked.ok) throw new Error('the checkpoint holds a header the resource no longer accepts');
    columns = checked.columns;
  }
  let sinceCheckpoint = 0;
  // One record is held back so the last one is known as last: a cut-off last line means a truncated file.
  let held: FileRecord | undefined;

  /** After `record`, if it ends where bytes and text line up and a checkpoint is due: stores one. */
  const checkpointAfter = async (record: FileRecord) => {
    while (syncs.length > 0 && (syncs[0] as SyncPoint).decoded < record.end) syncs.shift();
    const sync = syncs[0];
    if (!options.onCheckpoint || sync?.decoded !== record.end || sinceCheckpoint < checkpointEvery) return;
    syncs.shift();
    await flush();
    await drain();
    await options.onCheckpoint(
      {
        offset: startsAt + sync.raw,
        line: record.line,
        ...progress,
        ...(header ? { header } : {}),
      },
      rejections,
    );
    sinceCheckpoint = 0;
    if (options.shouldPause?.()) throw new Pause();
  };

  const handle = async (record: FileRecord, isLast: boolean) => {
    if (format === 'csv' && !columns) {
      if (record.kind !== 'fields') throw new FileRejection('The file has no header line');
      const checked = checkHeader(record.fields, items);
      if (!checked.ok) throw new FileRejection(checked.reason);
      header = record.fields;
      columns = checked.columns;
      return;
    }
    if (
      isLast &&
      !end.endsWithNewline &&
      record.kind === 'fields' &&
      record.fields.length < (columns?.length ?? 0)
    ) {
      throw new FileRejection(
        `The last line (${record.line}) has ${record.fields.length} of ${columns?.length} fields and no line end: the file is truncated`,
      );
    }
    progress.rowsRead++;
    sinceCheckpoint++;
    let check: RowCheck;
    if (record.kind === 'unreadable') check = { ok: false, reason: record.reason };
    else if (record.kind === 'json') check = checkJsonRow(record.value, items, today);
    else check = checkCsvRow(record.fields, columns ?? [], items, today);
    if (check.ok) {
      batch.push({ line: record.line, row: check.row });
      if (batch.length >= batchSize) await flush();
    } else {
      reject(record.line, check.reason);
    }
    if (options.onProgress && progress.rowsRead % progressEvery === 0)
      await options.onProgress({ ...progress });
    if (!isLast) await checkpointAfter(record);
  };

  try {
    for await (const record of records) {
      if (held) await handle(held, false);
      held = record;
    }
    if (held) await handle(held, true);
    if (format === 'csv' && !columns) throw new FileRejection('The file is empty: no header line');
    await flush();
    await drain();
  } catch (error) {
    if (error instanceof Pause) return report('paused');
    if (!(error instanceof FileRejection)) {
      await Promise.allSettled(inFlight);
      throw error;
    }
    await drain();
    return report('rejected', error.message);
  }
  return report('loaded');
}
