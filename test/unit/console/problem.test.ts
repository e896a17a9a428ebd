import { describe, expect, it } from 'vitest';
import { codeSegment, cstDateTime, cstDay, currentQuarter, yuan } from '../../../console/src/format.ts';
import { fieldErrorsOf } from '../../../console/src/problem.ts';

describe('fieldErrorsOf: problem+json errors beside the form fields', () => {
  it('maps body., query. and params. paths to field names, list indexes as numbers', () => {
    const result = fieldErrorsOf(
      {
        status: 400,
        detail: 'Invalid request',
        errors: [
          { path: 'body.purpose', message: 'is required' },
          { path: 'body.items.0', message: 'is not an item of the resource' },
          { path: 'body.items.0', message: 'is sensitive' },
          { path: 'query.q', message: 'is longer than 200 characters' },
        ],
      },
      ['purpose', 'items', 'q'],
    );
    expect(result.fields).toEqual([
      { name: ['purpose'], errors: ['is required'] },
      { name: ['items', 0], errors: ['is not an item of the resource', 'is sensitive'] },
      { name: ['q'], errors: ['is longer than 200 characters'] },
    ]);
    expect(result.general).toEqual([]);
  });

  it('puts what names no field of the form above it, and a problem without errors by its detail', () => {
    expect(
      fieldErrorsOf({ errors: [{ path: 'params.code', message: 'is not a resource code' }] }, ['purpose'])
        .general,
    ).toEqual(['is not a resource code']);
    expect(fieldErrorsOf({ status: 409, detail: 'The resource changed meanwhile' }, ['purpose'])).toEqual({
      fields: [],
      general: ['The resource changed meanwhile'],
    });
    expect(fieldErrorsOf(undefined, ['purpose'])).toEqual({ fields: [], general: [] });
  });
});

describe('console formats', () => {
  it('shows instants in China Standard Time and money in yuan', () => {
    expect(cstDay('2026-12-01T17:30:00Z')).toBe('2026年12月2日');
    expect(cstDateTime('2026-12-01T17:30:00Z')).toBe('2026/12/02 01:30');
    expect(yuan(115800000)).toBe('¥1,158,000.00');
    expect(currentQuarter(new Date('2026-12-31T16:30:00Z'))).toBe('2027-Q1');
    expect(codeSegment('101/000001')).toBe('101-000001');
  });
});
