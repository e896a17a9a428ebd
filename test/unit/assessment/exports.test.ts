import { NO_FACTS, parsePeriod, rankUnits, scoreUnit } from '@govshare/domain/assessment';
import { bulletinRequest } from '@govshare/functions/assessment/bulletin.ts';
import { rankingRows, toCsv } from '@govshare/functions/assessment/export.ts';
import { recordHref } from '@govshare/functions/assessment/routes/results.ts';
import { xlsxWorkbook } from '@govshare/functions/assessment/xlsx.ts';
import { officialDraftId, officialDraftRequestSchema } from '@govshare/functions/exchange/index.ts';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { calendar, LUONAN, SHANGZHOU, STATISTICS, sampleScheme } from './fixtures.ts';

const period = parsePeriod('2026-Q3');
const now = new Date('2026-10-10T00:00:00Z');
const late = {
  id: 'doc-1/611021000',
  documentId: 'doc-1',
  senderUnit: '611000001',
  recipientUnit: LUONAN.code,
  as: 'main' as const,
  deliveredAt: '2026-08-03T01:00:00.000Z',
  signForDueAt: '2026-08-04T10:00:00.000Z',
  signedForAt: '2026-08-07T02:00:00.000Z',
  label: '商政办发〔2026〕1号',
};
const tables = [
  scoreUnit({
    scheme: sampleScheme,
    period,
    unit: SHANGZHOU,
    facts: {
      ...NO_FACTS,
      received: [
        {
          ...late,
          id: 'doc-1/611002000',
          recipientUnit: SHANGZHOU.code,
          signedForAt: '2026-08-04T01:00:00.000Z',
        },
      ],
    },
    calendar,
    now,
  }),
  scoreUnit({
    scheme: sampleScheme,
    period,
    unit: LUONAN,
    facts: { ...NO_FACTS, received: [late] },
    calendar,
    now,
  }),
  scoreUnit({ scheme: sampleScheme, period, unit: STATISTICS, facts: NO_FACTS, calendar, now }),
];
const ranking = rankUnits(tables);

describe('the ranking as a sheet', () => {
  it('has a header, then one row per unit in ranking order with every indicator', () => {
    const rows = rankingRows(ranking, tables);
    expect(rows[0]).toEqual(
      expect.arrayContaining(['排名', '单位名称', '总分', sampleScheme.indicators[0]?.name]),
    );
    expect(rows.slice(1).map((row) => row[2])).toEqual(ranking.map((e) => e.unitCode));
  });

  it('writes CSV behind a UTF-8 BOM, quoting what needs it and defusing formulas', () => {
    const csv = toCsv([
      ['名称', 'a,b', '=SUM(A1)', null, 1.5],
      ['说"明"', '', '-x', 2, 0],
    ]);
    expect(csv.split('\r\n')[0]).toBe('\uFEFF名称,"a,b",\'=SUM(A1),,1.5');
    expect(csv).toContain('"说""明"""');
    expect(csv).toContain("'-x");
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('writes an .xlsx workbook: one sheet, numbers as numbers, text inline and escaped', () => {
    const files = unzipSync(
      xlsxWorkbook('2026-Q3', [
        ['单位', '总分'],
        ['A&B<局>', 97.5],
        [null, 3],
      ]),
    );
    expect(Object.keys(files).sort()).toEqual(
      [
        '[Content_Types].xml',
        '_rels/.rels',
        'xl/_rels/workbook.xml.rels',
        'xl/workbook.xml',
        'xl/worksheets/sheet1.xml',
      ].sort(),
    );
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml'] as Uint8Array);
    expect(sheet).toContain('<c r="B2"><v>97.5</v></c>');
    expect(sheet).toContain('A&amp;B&lt;局&gt;');
    expect(sheet).not.toContain('r="A3"');
    expect(strFromU8(files['xl/workbook.xml'] as Uint8Array)).toContain('name="2026-Q3"');
  });
});

describe('the explanation links', () => {
  it('point each record at the route that serves it', () => {
    expect(recordHref({ recordKind: 'delivery', recordId: 'doc-1/611021000' }, LUONAN.code, 2026)).toBe(
      '/v1/exchange/deliveries/doc-1/611021000',
    );
    expect(
      recordHref({ recordKind: 'urge', recordId: 'doc-1/URGE#611021000#sign-for#x#1' }, LUONAN.code, 2026),
    ).toBe('/v1/exchange/deliveries/doc-1/611021000');
    expect(recordHref({ recordKind: 'catalogue-entry', recordId: '301201/000001' }, 'X', 2026)).toBe(
      '/v1/catalogue/resources/301201%2F000001',
    );
    expect(recordHref({ recordKind: 'information-item', recordId: 'i-1' }, 'X', 2026)).toBe(
      '/v1/assessment/information/items/i-1',
    );
    expect(recordHref({ recordKind: 'commission', recordId: 'c-1' }, LUONAN.code, 2026)).toBe(
      `/v1/assessment/information/commissions?year=2026&unit=${LUONAN.code}`,
    );
    expect(recordHref({ recordKind: 'quota', recordId: `${LUONAN.code}/2026` }, LUONAN.code, 2026)).toBe(
      `/v1/assessment/information/progress/${LUONAN.code}?year=2026`,
    );
  });
});

describe('the 通报', () => {
  it('is an official draft request from the office to every assessed unit, naming best and slowest', () => {
    const request = bulletinRequest({
      period,
      ranking,
      schemeName: sampleScheme.name,
      issuingUnit: '611000204',
      drafter: 'egov-reviewer',
      now,
    });
    const parsed = officialDraftRequestSchema.parse(request);
    expect(parsed.documentId).toBe(officialDraftId({ context: 'assessment', ref: 'bulletin/2026-Q3' }));
    expect(parsed.content).toMatchObject({ type: '通报', issuingUnits: ['611000204'] });
    expect(parsed.content.title).toContain('2026年第三季度');
    expect(parsed.content.mainRecipients).toEqual(expect.arrayContaining([LUONAN.code, SHANGZHOU.code]));
    expect(parsed.content.body).toContain('县级政府');
    expect(parsed.content.body).toContain('成绩较好的单位');
  });
});
