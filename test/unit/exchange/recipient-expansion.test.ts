import type { ExchangeDocument, Recipient } from '@govshare/domain/exchange';
import type { Unit } from '@govshare/domain/identity';
import {
  deliverSlices,
  type ExpansionDeps,
  expandRecipients,
} from '@govshare/functions/exchange/recipient-expansion.ts';
import { sampleUnits } from '@govshare/functions/identity/sample-directory.ts';
import { describe, expect, it } from 'vitest';

/** Expanding a dispatched document's recipients against a directory held in memory. */
const dissolved: Unit = {
  code: '611002199000',
  name: '商州区原某乡人民政府',
  shortName: '原某乡',
  parentCode: '611002000',
  level: 'township',
  kind: 'government',
  dissolved: true,
};
const units = [...sampleUnits, dissolved];
const byCode = new Map(units.map((unit) => [unit.code, unit]));
const reads: string[] = [];
const deps: ExpansionDeps = {
  directory: {
    unit: async (code) => byCode.get(code),
    childrenOf: async (code) => units.filter((unit) => unit.parentCode === code),
    units: async (codes) => {
      reads.push(`batch:${codes.length}`);
      return new Map(codes.flatMap((code) => (byCode.has(code) ? [[code, byCode.get(code) as Unit]] : [])));
    },
  },
  lists: {
    get: async (unit, id) =>
      unit === '611000001' && id === 'county-offices'
        ? {
            id,
            unit,
            name: '各县区政府办',
            units: ['611002001', '611021001', '611099001'],
            createdBy: 'office-clerk',
            createdAt: '2026-09-01T00:00:00.000Z',
          }
        : undefined,
  },
};

const documentTo = (mainRecipients: Recipient[], copyRecipients: Recipient[] = []) =>
  ({
    id: 'doc-1',
    drafterUnit: '611000001',
    content: { issuingUnits: ['611000001'], mainRecipients, copyRecipients },
  }) as unknown as ExchangeDocument;

const now = new Date('2026-03-10T02:00:00Z');

describe('expandRecipients', () => {
  it('gives every township of a county, and reports a dissolved one through its group', async () => {
    const expansion = await expandRecipients(
      documentTo([{ group: 'townships-of', county: '611002' }]),
      deps,
      now,
    );
    expect(expansion.main.map((u) => u.code)).toEqual(['611002001000', '611002100000', '611002101000']);
    expect(expansion.undeliverable).toEqual([
      {
        documentId: 'doc-1',
        recipient: 'unit:611002199000',
        unit: '611002199000',
        via: 'townships-of:611002',
        as: 'main',
        reason: 'dissolved',
        reportedAt: now.toISOString(),
      },
    ]);
  });

  it('gives the departments and institutions of a unit, never the issuing unit itself', async () => {
    const expansion = await expandRecipients(
      documentTo([{ group: 'departments-of', unit: '611000000' }]),
      deps,
      now,
    );
    const codes = expansion.main.map((u) => u.code);
    expect(codes).toContain('611000108');
    expect(codes).toContain('611000204');
    expect(codes).not.toContain('611000001');
    expect(codes).not.toContain('611002000');
  });

  it('makes a unit named both ways a main recipient, and looks up named units in one read', async () => {
    reads.length = 0;
    const expansion = await expandRecipients(
      documentTo(
        ['611002001', { list: 'county-offices' }],
        ['611002001', '611021001', '611000108', '611002998'],
      ),
      deps,
      now,
    );
    expect(expansion.main.map((u) => u.code).sort()).toEqual(['611002001', '611021001']);
    expect(expansion.copy.map((u) => u.code)).toEqual(['611000108']);
    expect(expansion.undeliverable.map((u) => [u.recipient, u.reason, u.via ?? null]).sort()).toEqual([
      ['unit:611002998', 'unknown-unit', null],
      ['unit:611099001', 'unknown-unit', 'list:county-offices'],
    ]);
    expect(reads).toEqual(['batch:8']);
  });

  it('reports unknown groups and lists', async () => {
    const expansion = await expandRecipients(
      documentTo(
        [
          { group: 'townships-of', county: '619999' },
          { group: 'departments-of', unit: 'X0000' },
        ],
        [{ list: 'gone' }],
      ),
      deps,
      now,
    );
    expect(expansion.main).toEqual([]);
    expect(expansion.undeliverable.map((u) => [u.recipient, u.reason, u.as])).toEqual([
      ['townships-of:619999', 'unknown-group', 'main'],
      ['departments-of:X0000', 'unknown-group', 'main'],
      ['list:gone', 'unknown-list', 'copy'],
    ]);
  });
});

describe('deliverSlices', () => {
  it('cuts main and copy units into slices of 50 with their names and the dispatch instant', () => {
    const many = (prefix: string, n: number) =>
      Array.from(
        { length: n },
        (_, i): Unit => ({
          ...dissolved,
          dissolved: false,
          code: `${prefix}${String(i).padStart(4, '0')}`,
          name: `单位${i}`,
        }),
      );
    const slices = deliverSlices(
      documentTo([]),
      { main: many('9100', 120), copy: many('9200', 3), undeliverable: [] },
      now.toISOString(),
    );
    expect(slices.map((s) => [s.as, s.units.length])).toEqual([
      ['main', 50],
      ['main', 50],
      ['main', 20],
      ['copy', 3],
    ]);
    expect(slices[0]).toMatchObject({
      kind: 'deliver',
      documentId: 'doc-1',
      dispatchedAt: now.toISOString(),
    });
    expect(slices[3]?.names).toEqual(['单位0', '单位1', '单位2']);
  });
});
