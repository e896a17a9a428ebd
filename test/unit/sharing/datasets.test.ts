import { BASE_RESOURCES } from '@govshare/domain/catalogue';
import { citizenIdCheckChar } from '@govshare/domain/kernel';
import { checkCell, checkCsvRow, checkHeader, checkJsonRow } from '@govshare/domain/sharing';
import { ingest, type LoadedRow } from '@govshare/functions/sharing/ingest/pipeline.ts';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { PEOPLE_ITEMS } from '../../support/datasets.ts';

const items = BASE_RESOURCES.population.items;
const today = new Date('2025-11-14T00:00:00Z');
const id = (first17: string) => `${first17}${citizenIdCheckChar(first17)}`;
const good = id('61100219900101123');

describe('header check', () => {
  it('accepts names or 中文 titles and names missing and unexpected columns', () => {
    expect(
      checkHeader(
        items.map((i) => i.title),
        items,
      ).ok,
    ).toBe(true);
    const wrong = checkHeader(
      [
        'citizenId',
        'fullName',
        'sex',
        'birthDate',
        'ethnicity',
        'householdAddress',
        'regionCode',
        'status',
        'status',
      ],
      items,
    );
    expect(wrong).toMatchObject({
      ok: false,
      missing: ['name'],
      unexpected: ['fullName'],
      repeated: ['status'],
    });
  });
});

describe('row checks', () => {
  const item = (type: string, extra = {}) =>
    ({ name: 'x', title: 'x', type, required: true, sensitive: false, description: '', ...extra }) as never;
  it('checks types, lengths and required', () => {
    expect(checkCell(item('integer'), '12', today)).toEqual({ ok: true, value: 12 });
    expect(checkCell(item('integer'), '1.5', today).ok).toBe(false);
    expect(checkCell(item('decimal'), '-3.25', today)).toEqual({ ok: true, value: -3.25 });
    expect(checkCell(item('date'), '2025-02-29', today).ok).toBe(false);
    expect(checkCell(item('boolean'), '是', today)).toEqual({ ok: true, value: true });
    expect(checkCell(item('string', { length: 2 }), '王某甲', today)).toEqual({
      ok: false,
      reason: 'x: is longer than 2 characters',
    });
    expect(checkCell(item('string'), ' ', today)).toEqual({ ok: false, reason: 'x: is required' });
    expect(checkCell(item('string', { required: false }), '', today)).toEqual({ ok: true, value: undefined });
    expect(checkCell(item('citizen-id'), good, today).ok).toBe(true);
    const bad = `${good.slice(0, 17)}${good[17] === '1' ? '2' : '1'}`;
    expect(checkCell(item('citizen-id'), bad, today)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('checkDigit'),
    });
    expect(checkCell(item('credit-code'), '91610000MA6TG1234X', today).ok).toBe(false);
  });

  it('checks field counts of CSV rows and unknown keys of JSON rows', () => {
    const header = checkHeader(['citizenId', 'name'], [items[0], items[1]] as never);
    if (!header.ok) throw new Error('header');
    expect(checkCsvRow([good], header.columns, [items[0], items[1]] as never, today)).toEqual({
      ok: false,
      reason: 'has 1 fields; the header has 2',
    });
    expect(checkJsonRow({ citizenId: good, age: 3 }, items, today)).toEqual({
      ok: false,
      reason: 'has unknown fields: age',
    });
  });
});

async function* chunks(buffer: Buffer, size: number) {
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
}
// Citizen ID and name: both required and sensitive.
const twoItems = PEOPLE_ITEMS.slice(0, 2);
const run = async (
  file: Buffer,
  options: { encoding?: 'utf-8' | 'gbk' | 'gb18030'; format?: 'csv' | 'jsonl'; chunk?: number } = {},
) => {
  const loaded: LoadedRow[] = [];
  const report = await ingest({
    source: chunks(file, options.chunk ?? 3),
    format: options.format ?? 'csv',
    encoding: options.encoding ?? 'utf-8',
    items: twoItems,
    today,
    writer: { write: async (rows) => void loaded.push(...rows) },
    batchSize: 2,
  });
  return { report, loaded };
};

describe('ingestion pipeline', () => {
  it('decodes GBK split across chunks (a character cut in two)', async () => {
    const { report, loaded } = await run(
      iconv.encode(`姓名,公民身份号码\n王某甲,${good}\n李某乙,123\n`, 'gbk'),
      { encoding: 'gbk' },
    );
    expect(report).toMatchObject({ status: 'loaded', rowsRead: 2, rowsLoaded: 1, rowsRejected: 1 });
    expect(loaded[0]?.row).toEqual({ citizenId: good, name: '王某甲' });
    expect(report.rejections[0]?.line).toBe(3);
  });

  it('refuses a GBK file declared UTF-8 with a hint', async () => {
    const { report } = await run(iconv.encode(`姓名,公民身份号码\n王某甲,${good}\n`, 'gbk'));
    expect(report.fileRejection).toMatch(/not valid UTF-8.*GBK/);
  });

  it('reads JSON Lines and reports bad JSON by line', async () => {
    const file = `{"citizenId":"${good}","name":"王某甲"}\nnot json\n{"citizenId":"${good}"}\n`;
    const { report } = await run(Buffer.from(file), { format: 'jsonl' });
    expect(report.rejections).toEqual([
      { line: 2, reason: 'is not valid JSON' },
      { line: 3, reason: 'name: is required' },
    ]);
    expect(report.rowsLoaded).toBe(1);
  });

  it('refuses a file cut off mid-row, and an empty one', async () => {
    const cut = await run(Buffer.from(`citizenId,name\n${good},王某甲\n${good}`));
    expect(cut.report.fileRejection).toContain('truncated');
    expect((await run(Buffer.from(''))).report.fileRejection).toContain('empty');
  });
});
