/** China Standard Time, whatever the browser's own zone. */
const CST = 'Asia/Shanghai';

const dateTimeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: CST,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const dayFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: CST,
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});

/** e.g. 2026/12/02 20:15 (China Standard Time). */
export const cstDateTime = (iso: string | undefined) => (iso ? dateTimeFormat.format(new Date(iso)) : '—');
/** e.g. 2026年12月2日 (China Standard Time). */
export const cstDay = (iso: string | undefined) => (iso ? dayFormat.format(new Date(iso)) : '—');

const yuanFormat = new Intl.NumberFormat('zh-CN', {
  style: 'currency',
  currency: 'CNY',
  minimumFractionDigits: 2,
});
/** The API counts money in fen (¥1 = 100): e.g. 115800000 → ¥1,158,000.00. */
export const yuan = (fen: number) => yuanFormat.format(fen / 100);

/** The assessment period of today in China Standard Time, e.g. 2026-Q4. */
export function currentQuarter(now: Date = new Date()): string {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: CST, year: 'numeric', month: '2-digit' })
    .format(now)
    .split('-')
    .map(Number);
  return `${year}-Q${Math.floor(((month ?? 1) - 1) / 3) + 1}`;
}

/** Resource codes travel in paths with their slash written as a dash (101/000001 → 101-000001). */
export const codeSegment = (code: string) => code.replace('/', '-');
