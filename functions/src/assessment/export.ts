import { peerGroupName, type RankingEntry, type UnitScoreTable } from '@govshare/domain/assessment';

/**
 * The ranking as a sheet for the office's own reporting: one row per unit in ranking order (peer
 * group, then rank), every indicator's score beside the total. CSV is UTF-8 with a byte-order mark,
 * which Excel and WPS need to read Chinese as UTF-8; the .xlsx comes from the spreadsheet writer,
 * a module of its own that only the export route loads (xlsx.ts).
 */
export type Cell = string | number | null;

export interface SpreadsheetWriter {
  /** An .xlsx workbook of one sheet: the first row is the header. */
  xlsx(sheetName: string, rows: readonly (readonly Cell[])[]): Promise<Uint8Array>;
}

export function rankingRows(ranking: readonly RankingEntry[], tables: readonly UnitScoreTable[]): Cell[][] {
  const byUnit = new Map(tables.map((t) => [t.unit.code, t]));
  const indicators = tables[0]?.lines.map((line) => ({ id: line.id, name: line.name })) ?? [];
  const header: Cell[] = [
    '同类单位',
    '排名',
    '单位代码',
    '单位名称',
    '总分',
    '等次',
    '单项否决',
    '加分',
    ...indicators.map((i) => i.name),
    '上期排名',
    '名次变化',
    '总分变化',
  ];
  const rows = ranking.map((entry): Cell[] => {
    const table = byUnit.get(entry.unitCode);
    const scores = indicators.map((indicator) => {
      const line = table?.lines.find((l) => l.id === indicator.id);
      return line?.applicable ? line.score : '不适用';
    });
    return [
      peerGroupName(entry.peerGroup),
      entry.rank,
      entry.unitCode,
      entry.unitName,
      entry.total,
      entry.grade ?? '',
      entry.vetoed ? '是' : '否',
      table?.bonusTotal ?? 0,
      ...scores,
      entry.previous?.rank ?? null,
      entry.rankChange ?? null,
      entry.totalChange ?? null,
    ];
  });
  return [header, ...rows];
}

const csvCell = (cell: Cell): string => {
  if (cell === null) return '';
  const text = String(cell);
  // A cell Excel would take for a formula (=, +, -, @ first) is written as text.
  const safe = /^[=+\-@]/.test(text) && typeof cell === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** RFC 4180 CSV, CRLF line ends, behind a UTF-8 byte-order mark. */
export const toCsv = (rows: readonly (readonly Cell[])[]): string =>
  `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
