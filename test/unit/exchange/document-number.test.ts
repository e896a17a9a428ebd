import {
  assertNumberUnused,
  formatDocumentNumber,
  parseDocumentNumber,
  sequenceGaps,
} from '@govshare/domain/exchange';
import { ConflictError, ValidationError } from '@govshare/domain/kernel';
import { describe, expect, it } from 'vitest';

describe('parseDocumentNumber', () => {
  it.each([
    ['国办发〔2016〕51号', '国办发', 2016, 51, '国办发〔2016〕51号'],
    ['国发〔2016〕51号', '国发', 2016, 51, '国发〔2016〕51号'],
    ['毕府办通〔2016〕26号', '毕府办通', 2016, 26, '毕府办通〔2016〕26号'],
    ['毕府办发[2016]25号', '毕府办发', 2016, 25, '毕府办发〔2016〕25号'],
    ['岳政办〔2014〕３号', '岳政办', 2014, 3, '岳政办〔2014〕3号'],
    ['商政办发﹝2016﹞12号', '商政办发', 2016, 12, '商政办发〔2016〕12号'],
    ['巴府办［2008］８０号', '巴府办', 2008, 80, '巴府办〔2008〕80号'],
    ['商政办发【2026】12号', '商政办发', 2026, 12, '商政办发〔2026〕12号'],
    ['商政办发(2026)12号', '商政办发', 2026, 12, '商政办发〔2026〕12号'],
    ['商政办发（２０２６）１２号', '商政办发', 2026, 12, '商政办发〔2026〕12号'],
    ['商政办发〔2026〕012号', '商政办发', 2026, 12, '商政办发〔2026〕12号'],
    [' 商政办发 〔2026〕 12 号 ', '商政办发', 2026, 12, '商政办发〔2026〕12号'],
    ['商政办发　〔２０２６〕　１２号', '商政办发', 2026, 12, '商政办发〔2026〕12号'],
    ['国发〔2016〕第51号', '国发', 2016, 51, '国发〔2016〕51号'],
  ])('%s', (typed, issuerCode, year, sequence, normalised) => {
    expect(parseDocumentNumber(typed)).toEqual({ issuerCode, year, sequence, normalised, original: typed });
  });

  it('a number without a year (Huangmei 2011) keeps none', () => {
    const number = parseDocumentNumber('梅政办发108号');
    expect(number).toEqual({
      issuerCode: '梅政办发',
      sequence: 108,
      normalised: '梅政办发108号',
      original: '梅政办发108号',
    });
    expect('year' in number).toBe(false);
  });

  it.each([
    ['国发〔2016〕号', 'has no sequence'],
    ['国发〔2016〕', 'has no sequence'],
    ['〔2016〕51号', 'has no 机关代字'],
    ['国发〔2016〕0号', 'sequence from 1'],
    ['国发〔1850〕3号', 'year from'],
    ['国发〔16〕3号', 'is not a document number'],
    ['请尽快办理', 'has no sequence'],
    ['DROP TABLE; 1', 'is not a document number'],
    ['', 'must not be empty'],
  ])('refuses %j naming the field', (typed, message) => {
    try {
      parseDocumentNumber(typed, 'body.number');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const [issue] = (error as ValidationError).issues;
      expect(issue?.path).toBe('body.number');
      expect(issue?.message).toContain(message);
    }
  });
});

describe('formatDocumentNumber and uniqueness', () => {
  it('formats the GB/T 9704 form', () => {
    expect(formatDocumentNumber({ issuerCode: '商政办发', year: 2026, sequence: 12 })).toBe(
      '商政办发〔2026〕12号',
    );
    expect(formatDocumentNumber({ issuerCode: '梅政办发', sequence: 108 })).toBe('梅政办发108号');
  });

  it('the same number typed two ways is one number', () => {
    const used = [parseDocumentNumber('毕府办发〔2016〕25号')];
    expect(() => assertNumberUnused(parseDocumentNumber('毕府办发[2016]025号'), used)).toThrow(ConflictError);
    expect(() => assertNumberUnused(parseDocumentNumber('毕府办发〔2017〕25号'), used)).not.toThrow();
    expect(() => assertNumberUnused(parseDocumentNumber('毕府办通〔2016〕25号'), used)).not.toThrow();
  });
});

describe('sequenceGaps', () => {
  it('lists skipped sequences per issuer and year', () => {
    const used = [
      '商政办发〔2026〕1号',
      '商政办发〔2026〕2号',
      '商政办发〔2026〕5号',
      '商政办发〔2026〕9号',
      '商政办发〔2025〕3号',
      '商政办函〔2026〕1号',
      '梅政办发108号',
      '梅政办发106号',
    ].map((typed) => parseDocumentNumber(typed));
    expect(sequenceGaps(used)).toEqual([
      {
        issuerCode: '梅政办发',
        highest: 108,
        missing: [
          { from: 1, to: 105 },
          { from: 107, to: 107 },
        ],
      },
      { issuerCode: '商政办发', year: 2025, highest: 3, missing: [{ from: 1, to: 2 }] },
      {
        issuerCode: '商政办发',
        year: 2026,
        highest: 9,
        missing: [
          { from: 3, to: 4 },
          { from: 6, to: 8 },
        ],
      },
      { issuerCode: '商政办函', year: 2026, highest: 1, missing: [] },
    ]);
  });

  it('a number used twice is no gap and no error here', () => {
    expect(
      sequenceGaps([
        { issuerCode: '国发', year: 2016, sequence: 1 },
        { issuerCode: '国发', year: 2016, sequence: 1 },
      ]),
    ).toEqual([{ issuerCode: '国发', year: 2016, highest: 1, missing: [] }]);
  });
});
