/**
 * TEST DATA, NOT A STATE COUNCIL NOTICE. When these tests were written (December 2026) no notice
 * for 2027 could be found, so this is an invented 2027 shaped like the recent ones: 元旦 1–3
 * January, 春节 from 除夕 (Friday 5 February; 正月初一 is Saturday 6 February 2027) for 8 days,
 * with make-up working days on Sunday 31 January and Saturday 20 February. Replace nothing in the
 * platform's sample data with it.
 */
export const TEST_2027 = {
  year: 2027,
  notice: 'TEST DATA (not a State Council notice)',
  holidays: [
    '2027-01-01',
    '2027-01-02',
    '2027-01-03',
    '2027-02-05',
    '2027-02-06',
    '2027-02-07',
    '2027-02-08',
    '2027-02-09',
    '2027-02-10',
    '2027-02-11',
    '2027-02-12',
  ],
  makeUpWorkdays: ['2027-01-31', '2027-02-20'],
};
