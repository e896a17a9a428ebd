import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDatasetFile, formatOf, parseEncoding, UsageError } from '@govshare/cli';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dir: string;
const file = async (name: string, bytes: Buffer | string) => {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
};
const CSV = 'regionCode,year,population\n611002,2025,53.2\n611021,2025,30.1\n';
const CHINESE = `regionName,year\n商洛市,2025\n丹凤县,2025\n`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'govshare-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the dataset file, checked before any upload', () => {
  it('accepts a UTF-8 CSV and counts its rows (the header left out)', async () => {
    const checked = await checkDatasetFile(await file('ok.csv', CSV), 'utf-8', 'csv');
    expect(checked).toMatchObject({ bytes: Buffer.byteLength(CSV), rowsEstimate: 2 });
    const noFinalNewline = await checkDatasetFile(await file('n.csv', CSV.trimEnd()), 'utf-8', 'csv');
    expect(noFinalNewline.rowsEstimate).toBe(2);
    const lines = await checkDatasetFile(await file('r.jsonl', '{"a":1}\n\n{"a":2}\n'), 'utf-8', 'jsonl');
    expect(lines.rowsEstimate).toBe(2);
  });

  it('refuses a file that does not exist, a folder, an empty file', async () => {
    await expect(checkDatasetFile(join(dir, 'missing.csv'), 'utf-8', 'csv')).rejects.toThrow(/文件不存在/);
    await expect(checkDatasetFile(dir, 'utf-8', 'csv')).rejects.toThrow(/不是文件/);
    await expect(checkDatasetFile(await file('empty.csv', ''), 'utf-8', 'csv')).rejects.toThrow(/文件为空/);
  });

  it('refuses GB18030 bytes declared UTF-8, naming the line and byte of the first bad one', async () => {
    const path = await file('gb.csv', iconv.encode(CHINESE, 'gb18030'));
    const refusal = checkDatasetFile(path, 'utf-8', 'csv');
    await expect(refusal).rejects.toBeInstanceOf(UsageError);
    await expect(refusal).rejects.toThrow(/第 2 行（第 \d+ 字节）.*--encoding gb18030/);
  });

  it('accepts GBK / GB18030 bytes declared so, and refuses UTF-8 Chinese declared GB18030', async () => {
    const gb = await file('gb2.csv', iconv.encode(CHINESE, 'gb18030'));
    expect((await checkDatasetFile(gb, 'gb18030', 'csv')).rowsEstimate).toBe(2);
    const gbk = await file('gbk.csv', iconv.encode(CHINESE, 'gbk'));
    expect((await checkDatasetFile(gbk, 'gbk', 'csv')).rowsEstimate).toBe(2);
    const utf8 = await file('u.csv', CHINESE);
    await expect(checkDatasetFile(utf8, 'gb18030', 'csv')).rejects.toThrow(/UTF-8/);
    // ASCII is the same in every encoding: nothing to refuse.
    expect((await checkDatasetFile(await file('a.csv', CSV), 'gbk', 'csv')).rowsEstimate).toBe(2);
  });

  it('refuses a truncated multi-byte character at the end of the file', async () => {
    const path = await file(
      'cut.csv',
      Buffer.concat([Buffer.from('a,b\n1,'), Buffer.from('商').subarray(0, 2)]),
    );
    await expect(checkDatasetFile(path, 'utf-8', 'csv')).rejects.toThrow(/无效字节/);
  });

  it('reads --encoding and the format as the API names them', () => {
    expect(parseEncoding('UTF8')).toBe('utf-8');
    expect(parseEncoding('GB18030')).toBe('gb18030');
    expect(() => parseEncoding('latin1')).toThrow(/utf-8、gbk、gb18030/);
    expect(formatOf('a/b/people.CSV')).toBe('csv');
    expect(formatOf('rows.ndjson')).toBe('jsonl');
    expect(formatOf('rows.txt', 'jsonl')).toBe('jsonl');
    expect(() => formatOf('rows.txt')).toThrow(/--format/);
    expect(() => formatOf('rows.csv', 'xlsx')).toThrow(UsageError);
  });
});
