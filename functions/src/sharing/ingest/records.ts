import { Readable } from 'node:stream';
import type { DatasetEncoding, DatasetFormat } from '@govshare/domain/sharing';
import { CsvError, parse } from 'csv-parse';
import iconv from 'iconv-lite';

/** The whole file is refused (not text, not CSV, truncated): nothing of it becomes a dataset version. */
export class FileRejection extends Error {
  override name = 'FileRejection';
}

/** One record of the file: its 1-based line and its fields (CSV) or parsed value (JSON Lines). */
export type FileRecord =
  | { kind: 'fields'; line: number; fields: string[] }
  | { kind: 'json'; line: number; value: unknown }
  | { kind: 'unreadable'; line: number; reason: string };

/** Bytes that no text file contains: a NUL within the first chunk means a binary file. */
const looksBinary = (chunk: Uint8Array) => chunk.subarray(0, 8192).includes(0);

/**
 * Decodes a byte stream chunk by chunk (never the whole file): UTF-8 strictly, so that a GBK file
 * declared as UTF-8 is refused with a hint instead of loaded as mojibake; GBK and GB18030 with
 * iconv-lite, whose decoder keeps a character split across chunks.
 */
export async function* decodeText(
  source: AsyncIterable<Uint8Array>,
  encoding: DatasetEncoding,
): AsyncGenerator<string> {
  const utf8 = encoding === 'utf-8' ? new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }) : undefined;
  const legacy = encoding === 'utf-8' ? undefined : iconv.getDecoder(encoding);
  let first = true;
  for await (const chunk of source) {
    if (first && looksBinary(chunk))
      throw new FileRejection('The file is not text (it contains binary data)');
    first = false;
    if (utf8) {
      try {
        yield utf8.decode(chunk, { stream: true });
      } catch {
        throw new FileRejection(
          'The file is not valid UTF-8; if it was exported as GBK or GB18030, declare that encoding',
        );
      }
    } else if (legacy) {
      yield legacy.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    }
  }
  if (utf8) {
    try {
      yield utf8.decode();
    } catch {
      throw new FileRejection('The file ends in the middle of a UTF-8 character: it is truncated');
    }
  } else if (legacy) {
    const rest = legacy.end();
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
): AsyncGenerator<FileRecord> {
  const watched = watchEnd(text, end);
  if (format === 'jsonl') {
    yield* jsonLines(watched);
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
      info: { lines: number };
    }>) {
      yield { kind: 'fields', line: info.lines, fields: record };
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
  }
}

async function* jsonLines(text: AsyncIterable<string>): AsyncGenerator<FileRecord> {
  let carry = '';
  let line = 0;
  const record = (raw: string): FileRecord | undefined => {
    line++;
    const trimmed = raw
      .replace(/\r$/, '')
      .replace(/^\uFEFF/, '')
      .trim();
    if (trimmed === '') return undefined;
    try {
      return { kind: 'json', line, value: JSON.parse(trimmed) as unknown };
    } catch {
      return { kind: 'unreadable', line, reason: 'is not valid JSON' };
    }
  };
  for await (const piece of text) {
    carry += piece;
    let start = 0;
    for (let newline = carry.indexOf('\n'); newline >= 0; newline = carry.indexOf('\n', start)) {
      const next = record(carry.slice(start, newline));
      if (next) yield next;
      start = newline + 1;
    }
    carry = carry.slice(start);
  }
  if (carry.trim() !== '') {
    const last = record(carry);
    if (last?.kind === 'unreadable') {
      throw new FileRejection(
        `The file ends in the middle of a JSON record at line ${last.line}: it is truncated`,
      );
    }
    if (last) yield last;
  }
}
