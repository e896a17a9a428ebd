import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import {
  DATASET_ENCODINGS,
  DATASET_FORMATS,
  type DatasetEncoding,
  type DatasetFormat,
} from '@govshare/domain/sharing';
import { UsageError } from './errors.ts';

const ENCODING_ALIASES: Readonly<Record<string, DatasetEncoding>> = { utf8: 'utf-8' };

/** `--encoding` as the API names it (utf-8, gbk, gb18030; utf8 too), or a UsageError listing them. */
export function parseEncoding(value: string): DatasetEncoding {
  const name = value.trim().toLowerCase();
  const encoding = ENCODING_ALIASES[name] ?? name;
  if ((DATASET_ENCODINGS as readonly string[]).includes(encoding)) return encoding as DatasetEncoding;
  throw new UsageError(`不支持的编码 --encoding ${value}：可用 ${DATASET_ENCODINGS.join('、')}`);
}

/** `--format`, or the file's extension (.csv, .jsonl / .ndjson). */
export function formatOf(path: string, declared?: string): DatasetFormat {
  const name = (declared ?? extname(path).slice(1)).toLowerCase();
  const format = name === 'ndjson' ? 'jsonl' : name;
  if ((DATASET_FORMATS as readonly string[]).includes(format)) return format as DatasetFormat;
  throw new UsageError(
    declared
      ? `不支持的格式 --format ${declared}：可用 ${DATASET_FORMATS.join('、')}`
      : `无法从扩展名判断文件格式（${path}）：请用 --format ${DATASET_FORMATS.join('|')}`,
  );
}

export interface CheckedFile {
  path: string;
  bytes: number;
  /** Rows the file holds, counted by line (a CSV's header left out): the total of the rows bar. */
  rowsEstimate: number;
}

const NEWLINE = 0x0a;

/**
 * Reads the whole file once, before anything is sent: it must exist, hold bytes, and decode strictly
 * in the declared encoding (TextDecoder with `fatal`, which refuses what iconv-lite would turn into
 * U+FFFD). A file declared GBK / GB18030 whose non-ASCII bytes are valid UTF-8 is refused too: it
 * would load as mojibake, since almost any UTF-8 Chinese text also decodes as GB18030.
 */
export async function checkDatasetFile(
  path: string,
  encoding: DatasetEncoding,
  format: DatasetFormat,
): Promise<CheckedFile> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new UsageError(`文件不存在：${path}`);
  if (!info.isFile()) throw new UsageError(`不是文件：${path}`);
  if (info.size === 0) throw new UsageError(`文件为空：${path}`);

  const declared = new TextDecoder(encoding, { fatal: true });
  const asUtf8 = encoding === 'utf-8' ? undefined : new TextDecoder('utf-8', { fatal: true });
  let utf8Valid = asUtf8 !== undefined;
  let nonAscii = false;
  let offset = 0;
  let line = 1;
  let lines = 0;
  let lastByte = NEWLINE;
  let blankLines = 0;
  let previous = NEWLINE;
  let invalid: { line: number; byte: number } | undefined;
  const found = (chunk?: Buffer) => {
    const at = chunk ? firstInvalidByte(chunk, encoding) : 0;
    const before = chunk ? chunk.subarray(0, at) : Buffer.alloc(0);
    invalid ??= { line: line + before.filter((byte) => byte === NEWLINE).length, byte: offset + at + 1 };
  };
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    if (!invalid) {
      try {
        declared.decode(chunk, { stream: true });
      } catch {
        found(chunk);
      }
    }
    if (utf8Valid && asUtf8) {
      try {
        asUtf8.decode(chunk, { stream: true });
      } catch {
        utf8Valid = false;
      }
    }
    for (const byte of chunk) {
      if (byte === NEWLINE) {
        lines++;
        line++;
        if (previous === NEWLINE) blankLines++;
      } else if (byte >= 0x80) nonAscii = true;
      previous = byte;
    }
    offset += chunk.length;
    lastByte = chunk[chunk.length - 1] ?? lastByte;
  }
  if (!invalid) {
    try {
      declared.decode();
    } catch {
      invalid = { line, byte: offset };
    }
  }
  if (asUtf8 && utf8Valid) {
    try {
      asUtf8.decode();
    } catch {
      utf8Valid = false;
    }
  }
  if (utf8Valid && nonAscii) {
    throw new UsageError(
      `文件声明为 ${encoding}，但其内容是 UTF-8 编码：请去掉 --encoding（或用 --encoding utf-8）`,
    );
  }
  if (invalid) {
    throw new UsageError(
      `文件不是声明的编码 ${encoding}：第 ${invalid.line} 行（第 ${invalid.byte} 字节）有无效字节${
        encoding === 'utf-8' ? '；若为 GBK/GB18030 导出，请加 --encoding gb18030' : ''
      }`,
    );
  }
  const records = lines + (lastByte === NEWLINE ? 0 : 1) - blankLines;
  return { path, bytes: info.size, rowsEstimate: Math.max(0, format === 'csv' ? records - 1 : records) };
}

/**
 * Where in a chunk strict decoding first fails: the shortest prefix that a fresh decoder refuses (in
 * stream mode an incomplete sequence at the end is not an error, so longer prefixes fail too).
 */
function firstInvalidByte(chunk: Buffer, encoding: DatasetEncoding): number {
  const fails = (length: number) => {
    try {
      new TextDecoder(encoding, { fatal: true }).decode(chunk.subarray(0, length), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  let low = 0;
  let high = chunk.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (fails(middle + 1)) high = middle;
    else low = middle + 1;
  }
  return low;
}
