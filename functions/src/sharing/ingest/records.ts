import { Readable } from 'node:stream';
import type { DatasetEncoding, DatasetFormat } from '@govshare/domain/sharing';
import { CsvError, parse } from 'csv-parse';

/** The whole file is refused (not text, not CSV, truncated): nothing of it becomes a dataset version. */
export class FileRejection extends Error {
  override name = 'FileRejection';
}

/**
 * One record of the file: its 1-based line, its fields (CSV) or parsed value (JSON Lines), and `end`,
 * where it ends in the decoded text (UTF-8 bytes read up to and including its line end).
 */
export type FileRecord =
  | { kind: 'fields'; line: number; end: number; fields: string[] }
  | { kind: 'json'; line: number; end: number; value: unknown }
  | { kind: 'unreadable'; line: number; end: number; reason: string };

/**
 * A place where the decoded text and the file's bytes are known to match: the first `raw` bytes of
 * the source, which end with a line feed, decode to the first `decoded` UTF-8 bytes of text. A record
 * that ends exactly there is a point to resume from: the rest of the file starts at byte `raw`. (A line
 * feed inside a quoted field is a sync point too, but no record ends there, so it is never used.)
 */
export interface SyncPoint {
  decoded: number;
  raw: number;
}

export interface DecodeOptions {
  /** Told of sync points: every few kilobytes, and at each chunk's last line feed. */
  onSync?: (point: SyncPoint) => void;
  /** The source starts mid-file (a resumed load): no binary check on its first chunk. */
  resumed?: boolean;
}

const LINE_FEED = 0x0a;
/** Sync points come about this many bytes apart (and at each chunk's last line feed). */
const SYNC_SPACING = 4096;

/** Where to cut a chunk for sync points: just after a line feed every SYNC_SPACING bytes or so, and the last. */
function syncCuts(chunk: Uint8Array): number[] {
  const cuts: number[] = [];
  for (let feed = chunk.indexOf(LINE_FEED, SYNC_SPACING - 1); feed >= 0; ) {
    cuts.push(feed + 1);
    feed = chunk.indexOf(LINE_FEED, feed + SYNC_SPACING);
  }
  const last = chunk.lastIndexOf(LINE_FEED) + 1;
  if (last > 0 && last !== cuts.at(-1)) cuts.push(last);
  return cuts;
}

/** Bytes that no text file contains: a NUL within the first chunk means a binary file. */
const looksBinary = (chunk: Uint8Array) => chunk.subarray(0, 8192).includes(0);

/**
 * Decodes a byte stream chunk by chunk (never the whole file): UTF-8 strictly, so that a GBK file
 * declared as UTF-8 is refused with a hint instead of loaded as mojibake; GBK and GB18030 with Node's
 * own (ICU) decoder, which keeps a character split across chunks (a table library would add ~0.5 MB
 * to the bundles of ingestion and the registry, paid at every cold start).
 */
export async function* decodeText(
  source: AsyncIterable<Uint8Array>,
  encoding: DatasetEncoding,
  options: DecodeOptions = {},
): AsyncGenerator<string> {
  const utf8 = encoding === 'utf-8' ? new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }) : undefined;
  const legacy = encoding === 'utf-8' ? undefined : new TextDecoder(encoding);
  const decode = (bytes: Uint8Array): string => {
    if (utf8) {
      try {
        return utf8.decode(bytes, { stream: true });
      } catch {
        throw new FileRejection(
          'The file is not valid UTF-8; if it was exported as GBK or GB18030, declare that encoding',
        );
      }
    }
    return legacy ? legacy.decode(bytes, { stream: true }) : '';
  };
  let first = !options.resumed;
  let raw = 0;
  let decoded = 0;
  for await (const chunk of source) {
    if (first && looksBinary(chunk))
      throw new FileRejection('The file is not text (it contains binary data)');
    first = false;
    // A line feed is one byte that no multi-byte character of UTF-8, GBK or GB18030 contains: decoded
    // up to one, the decoder holds no partial character, so text and bytes match there.
    let from = 0;
    for (const cut of options.onSync ? syncCuts(chunk) : []) {
      const text = decode(chunk.subarray(from, cut));
      decoded += Buffer.byteLength(text);
      if (text) yield text;
      options.onSync?.({ decoded, raw: raw + cut });
      from = cut;
    }
    const tail = decode(from > 0 ? chunk.subarray(from) : chunk);
    decoded += Buffer.byteLength(tail);
    raw += chunk.byteLength;
    if (tail) yield tail;
  }
  if (utf8) {
    try {
      yield utf8.decode();
    } catch {
      throw new FileRejection('The file ends in the middle of a UTF-8 character: it is truncated');
    }
  } else if (legacy) {
    const rest = legacy.decode();
    if (rest) yield rest;
  }
}

/** Remembers whether the text seen so far ends with a line break (a cut-off file does not). */
async function* watchEnd(text: AsyncIterable<string>, state: { endsWithNewline: boolean }) {
  for await (const piece of text) {
    if (piece.length > 0) state.endsWithNewline = piece.endsWith('\n') || piece.endsWith('\r');
    yield piece;
  }
}

/**
 * Reads records one at a time from decoded text. The first CSV record is the header. A CSV whose
 * quoting is broken is refused as a whole, naming the line: where one quote is wrong, every later
 * field boundary is in doubt.
 */
export async function* readRecords(
  text: AsyncIterable<string>,
  format: DatasetFormat,
  end: { endsWithNewline: boolean } = { endsWithNewline: true },
  /** Lines of the file before `text` starts (a resumed load): added to every line number. */
  linesBefore = 0,
): AsyncGenerator<FileRecord> {
  const watched = watchEnd(text, end);
  if (format === 'jsonl') {
    yield* jsonLines(watched, linesBefore);
    return;
  }
  const source = Readable.from(watched, { objectMode: false });
  const parser = source.pipe(
    parse({ relax_column_count: true, info: true, bom: true, skip_empty_lines: true }),
  );
  // pipe() does not pass a source's error on: without this, a refusal while decoding would leave the parser waiting.
  source.on('error', (error) => parser.destroy(error));
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number; bytes: number };
    }>) {
      yield { kind: 'fields', line: linesBefore + info.lines, end: info.bytes, fields: record };
    }
  } catch (error) {
    if (error instanceof FileRejection) throw error;
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      const where = line ? ` at line ${line}` : '';
      if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
        throw new FileRejection(
          `The file ends inside a quoted field opened${where}: it is truncated or not CSV`,
        );
      }
      throw new FileRejection(`The file is not valid CSV${where}: ${error.message.split(':')[0]}`);
    }
    throw error;
  } finally {
    // Stopped early (a paused load, a refusal): the file's stream is let go of, not left open.
    source.destroy();
  }
}

async function* jsonLines(text: AsyncIterable<string>, linesBefore: number): AsyncGenerator<FileRecord> {
  let carry = '';
  let line = linesBefore;
  let read = 0;
  const record = (raw: string, lineEnd: number): FileRecord | undefined => {
    line++;
    read += Buffer.byteLength(raw) + lineEnd;
    const trimmed = raw
      .replace(/\r$/, '')
      .replace(/^\uFEFF/, '')
      .trim();
    if (trimmed === '') return undefined;
    try {
      return { kind: 'json', line, end: read, value: JSON.parse(trimmed) as unknown };
    } catch {
      return { kind: 'unreadable', line, end: read, reason: 'is not valid JSON' };
    }
  };
  for await (const piece of text) {
    carry += piece;
    let start = 0;
    for (let newline = carry.indexOf('\n'); newline >= 0; newline = carry.indexOf('\n', start)) {
      const next = record(carry.slice(start, newline), 1);
      if (next) yield next;
      start = newline + 1;
    }
    carry = carry.slice(start);
  }
  if (carry.trim() !== '') {
    const last = record(carry, 0);
    if (last?.kind === 'unreadable') {
      throw new FileRejection(
        `The file ends in the middle of a JSON record at line ${last.line}: it is truncated`,
      );
    }
    if (last) yield last;
  }
}
