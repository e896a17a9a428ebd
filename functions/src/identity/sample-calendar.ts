import type { CalendarYearInput } from '@govshare/domain/identity';

/**
 * The national holidays and make-up working days of 2025 and 2026 as the General Office of the
 * State Council announced them: the platform's calendar on a fresh start. Later years are entered
 * by the platform administrator (PUT /v1/calendar/years/{year}) when the next notice appears,
 * usually in November; the calendar warns from 60 days before it ends.
 */
const DAY_MS = 86_400_000;
const days = (first: string, count: number): string[] => {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 10));
};

export const sampleCalendarYears: readonly (CalendarYearInput & { year: number })[] = [
  {
    year: 2025,
    // 国务院办公厅关于2025年部分节假日安排的通知, 2024-11-12.
    notice: '国办发明电〔2024〕12号',
    holidays: [
      '2025-01-01', // 元旦
      ...days('2025-01-28', 8), // 春节
      ...days('2025-04-04', 3), // 清明节
      ...days('2025-05-01', 5), // 劳动节
      ...days('2025-05-31', 3), // 端午节
      ...days('2025-10-01', 8), // 国庆节、中秋节
    ],
    makeUpWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  {
    year: 2026,
    // 国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04.
    notice: '国办发明电〔2025〕7号',
    holidays: [
      ...days('2026-01-01', 3), // 元旦
      ...days('2026-02-15', 9), // 春节
      ...days('2026-04-04', 3), // 清明节
      ...days('2026-05-01', 5), // 劳动节
      ...days('2026-06-19', 3), // 端午节
      ...days('2026-09-25', 3), // 中秋节
      ...days('2026-10-01', 7), // 国庆节
    ],
    makeUpWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
];
