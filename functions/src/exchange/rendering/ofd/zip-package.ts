import { crc32 } from 'node:zlib';
import { unzipSync, type ZipOptions, zipSync } from 'fflate';

/**
 * An OFD package is a ZIP container (GB/T 33190-2016 §7.2). Files are kept as a map from their
 * path in the container (no leading slash) to their bytes, in the order they are written.
 */
export type OfdFiles = Map<string, Uint8Array>;

/**
 * The ZIP of `files`, byte for byte the same for the same files and time: entries in the map's
 * order, every entry stamped with `at` (to the two seconds ZIP keeps), one compression level.
 * ZIP times are local times with no zone; fflate reads a Date's local fields, so the UTC fields of
 * `at` are handed over as local ones and the bytes do not depend on the machine's time zone.
 */
export function writePackage(files: OfdFiles, at: Date): Uint8Array {
  const year = Math.max(1980, at.getUTCFullYear());
  const mtime = new Date(
    year,
    at.getUTCMonth(),
    at.getUTCDate(),
    at.getUTCHours(),
    at.getUTCMinutes(),
    at.getUTCSeconds(),
  );
  const options: ZipOptions = { level: 6, mtime };
  const entries: Record<string, [Uint8Array, ZipOptions]> = {};
  for (const [path, data] of files) entries[path] = [data, options];
  return zipSync(entries);
}

export class DamagedPackageError extends Error {}

const u16 = (bytes: Uint8Array, at: number) => (bytes[at] as number) | ((bytes[at + 1] as number) << 8);
const u32 = (bytes: Uint8Array, at: number) => (u16(bytes, at) | (u16(bytes, at + 2) << 16)) >>> 0;

interface DirectoryEntry {
  name: string;
  crc: number;
  compressedSize: number;
  size: number;
  localHeader: number;
}

/**
 * The files of a package, after checking that the container is whole: one end record at the very
 * end, a central directory right before it, each entry's local header agreeing with its directory
 * record (name, method, CRC, sizes), the entries and the directory covering the file with no gap,
 * and every file's bytes matching its CRC-32. A changed byte anywhere in the container fails one
 * of these (or the XML or signature checks that follow), except in the file-system attributes
 * ("version made by", internal and external attributes), which say nothing about the content; the
 * platform's recorded SHA-256 of the whole file covers those (verifyOfd's `expectedSha256`).
 */
export function readPackage(bytes: Uint8Array): OfdFiles {
  const fail = (why: string): never => {
    throw new DamagedPackageError(`Not a whole OFD package: ${why}`);
  };
  const end = bytes.length - 22;
  if (end < 0 || u32(bytes, end) !== 0x06054b50) fail('no ZIP end record at the end (or a comment)');
  const count = u16(bytes, end + 10);
  const directorySize = u32(bytes, end + 12);
  const directoryStart = u32(bytes, end + 16);
  if (u16(bytes, end + 4) !== 0 || u16(bytes, end + 6) !== 0 || u16(bytes, end + 8) !== count)
    fail('a multi-disk ZIP');
  if (u16(bytes, end + 20) !== 0) fail('the end record announces a comment');
  if (directoryStart + directorySize !== end) fail('the central directory does not end at the end record');

  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const decoder = {
    decode: (name: Uint8Array) => {
      try {
        return utf8.decode(name);
      } catch {
        return fail('a file name is not UTF-8');
      }
    },
  };
  const entries: DirectoryEntry[] = [];
  let at = directoryStart;
  for (let index = 0; index < count; index++) {
    if (u32(bytes, at) !== 0x02014b50) fail(`directory record ${index} is damaged`);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    const entry: DirectoryEntry = {
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      crc: u32(bytes, at + 16),
      compressedSize: u32(bytes, at + 20),
      size: u32(bytes, at + 24),
      localHeader: u32(bytes, at + 42),
    };
    if (u16(bytes, at + 34) !== 0) fail(`${entry.name} starts on another disk`);
    const local = entry.localHeader;
    if (u32(bytes, local) !== 0x04034b50) fail(`the local header of ${entry.name} is damaged`);
    for (const [localAt, directoryAt, width] of [
      [4, 6, 2], // version needed
      [6, 8, 2], // flags
      [8, 10, 2], // method
      [10, 12, 4], // time and date
      [14, 16, 4], // CRC
      [18, 20, 4], // compressed size
      [22, 24, 4], // size
      [26, 28, 2], // name length
    ] as const) {
      const same =
        width === 2
          ? u16(bytes, local + localAt) === u16(bytes, at + directoryAt)
          : u32(bytes, local + localAt) === u32(bytes, at + directoryAt);
      if (!same) fail(`the local header of ${entry.name} disagrees with the directory`);
    }
    const localName = bytes.subarray(local + 30, local + 30 + nameLength);
    if (decoder.decode(localName) !== entry.name) fail(`the local name of ${entry.name} differs`);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  if (at !== end) fail('the central directory holds more than its records');

  let expected = 0;
  for (const entry of [...entries].sort((a, b) => a.localHeader - b.localHeader)) {
    if (entry.localHeader !== expected) fail(`bytes before ${entry.name} belong to no file`);
    const headerLength = 30 + u16(bytes, entry.localHeader + 26) + u16(bytes, entry.localHeader + 28);
    expected = entry.localHeader + headerLength + entry.compressedSize;
    // A data descriptor (flag bit 3) follows the data, with or without its signature.
    if (u16(bytes, entry.localHeader + 6) & 0x08) expected += u32(bytes, expected) === 0x08074b50 ? 16 : 12;
  }
  if (expected !== directoryStart) fail('bytes before the central directory belong to no file');

  let unzipped: Record<string, Uint8Array>;
  try {
    unzipped = unzipSync(bytes);
  } catch (error) {
    return fail(`a file does not inflate (${(error as Error).message})`);
  }
  const files: OfdFiles = new Map();
  for (const entry of entries) {
    const data = unzipped[entry.name];
    if (!data || files.has(entry.name)) return fail(`${entry.name} is missing or repeated`);
    if (data.length !== entry.size || crc32(data) !== entry.crc) fail(`${entry.name} does not match its CRC`);
    files.set(entry.name, data);
  }
  return files;
}

/**
 * A path as a file names another (GB/T 33190 §7.2, ST_Loc): absolute from the package root when it
 * starts with "/", else relative to the naming file's folder; "." and ".." are resolved.
 */
export function resolveLoc(loc: string, from: string): string {
  const base = loc.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const part of loc.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') base.pop();
    else base.push(part);
  }
  return base.join('/');
}
