import {
  type AuditEvent,
  type AuditRecord,
  auditDay,
  auditEventSchema,
  boundAuditEvent,
  buildDigest,
  canonicalJson,
  chainRecord,
  emptyHead,
  genesisHash,
  recordHash,
  recordsUpToHead,
  verifyChain,
} from '@govshare/domain/audit';
import { describe, expect, it } from 'vitest';

const DAY = '2026-03-14';

const event = (n: number, extra: Partial<AuditEvent> = {}): AuditEvent => ({
  id: `evt-${n}`,
  at: `2026-03-14T0${n % 10}:00:00.000+08:00`,
  actor: { unit: '611000301', principal: 'sys-social-security', kind: 'system' },
  action: 'registry.population.get',
  providerUnit: '611000204',
  resourceCode: 'BASE-POPULATION',
  grantId: 'grant-1',
  purpose: '社保资格核验',
  items: ['name', 'sex'],
  recordCount: 1,
  subjectHashes: ['a'.repeat(64)],
  outcome: 'ok',
  correlationId: `corr-${n}`,
  ...extra,
});

/** A day's chain of n records, built the way the store appends them. */
function chainOf(n: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  let head = emptyHead(DAY);
  for (let i = 1; i <= n; i += 1) {
    const record = chainRecord(head, event(i), `2026-03-14T01:00:0${i % 10}.000Z`);
    records.push(record);
    head = { day: DAY, seq: record.seq, hash: record.hash };
  }
  return records;
}
const headOf = (records: AuditRecord[]) => ({
  day: DAY,
  seq: records.at(-1)?.seq ?? 0,
  hash: records.at(-1)?.hash ?? genesisHash(DAY),
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,1,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('is the same whatever order the fields were written in', () => {
    expect(canonicalJson({ x: 1, y: '二' })).toBe(canonicalJson({ y: '二', x: 1 }));
  });

  it('leaves undefined members out, as DynamoDB does', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });

  it('refuses what JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });
});

describe('chain math', () => {
  it('starts from a genesis bound to the day', () => {
    expect(genesisHash(DAY)).toMatch(/^[0-9a-f]{64}$/);
    expect(genesisHash(DAY)).not.toBe(genesisHash('2026-03-15'));
  });

  it('links each record to the one before and numbers them from 1', () => {
    const records = chainOf(3);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(records[0]?.prevHash).toBe(genesisHash(DAY));
    expect(records[1]?.prevHash).toBe(records[0]?.hash);
    expect(records[2]?.prevHash).toBe(records[1]?.hash);
    for (const record of records) expect(recordHash(record)).toBe(record.hash);
  });

  it('hashes the same record the same way whatever its field order', () => {
    const [record] = chainOf(1);
    if (!record) throw new Error('no record');
    const reordered = Object.fromEntries(Object.entries(record).reverse()) as unknown as AuditRecord;
    expect(recordHash(reordered)).toBe(record.hash);
  });

  it('counts days in Asia/Shanghai', () => {
    expect(auditDay(new Date('2026-03-14T15:59:59.999Z'))).toBe('2026-03-14');
    expect(auditDay(new Date('2026-03-14T16:00:00.000Z'))).toBe('2026-03-15');
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain, an empty day, and a matching digest', () => {
    const records = chainOf(4);
    const digest = buildDigest(DAY, records, '2026-03-15T00:30:00Z');
    expect(verifyChain(DAY, records, headOf(records), digest)).toEqual({
      day: DAY,
      ok: true,
      count: 4,
      headSeq: 4,
      digest: 'match',
      checkpoint: 'absent',
    });
    expect(verifyChain(DAY, [], undefined).ok).toBe(true);
  });

  it('detects a changed field as a hash mismatch at that seq', () => {
    const records = chainOf(4);
    const tampered = records.map((r) => (r.seq === 2 ? { ...r, purpose: '其他' } : r));
    expect(verifyChain(DAY, tampered, headOf(records)).firstBreak).toMatchObject({
      seq: 2,
      reason: 'hash-mismatch',
    });
  });

  it('detects an added field too', () => {
    const records = chainOf(2);
    const tampered = records.map((r) => (r.seq === 1 ? { ...r, note: 'x' } : r));
    expect(verifyChain(DAY, tampered, headOf(records)).firstBreak).toMatchObject({
      seq: 1,
      reason: 'hash-mismatch',
    });
  });

  it('detects a record rewritten with a recomputed hash: the next record no longer links to it', () => {
    const records = chainOf(3);
    const second = records[1];
    if (!second) throw new Error('no record');
    const forged = { ...second, recordCount: 0 };
    forged.hash = recordHash(forged);
    const tampered = [records[0], forged, records[2]] as AuditRecord[];
    expect(verifyChain(DAY, tampered, headOf(records)).firstBreak).toMatchObject({
      seq: 3,
      reason: 'prev-hash-mismatch',
    });
  });

  it('detects a removed record as a gap', () => {
    const records = chainOf(4);
    const removed = records.filter((r) => r.seq !== 3);
    expect(verifyChain(DAY, removed, headOf(records)).firstBreak).toMatchObject({
      seq: 3,
      reason: 'missing-record',
    });
  });

  it('detects removed records at the end through the head', () => {
    const records = chainOf(4);
    const truncated = records.slice(0, 2);
    expect(verifyChain(DAY, truncated, headOf(records)).firstBreak).toMatchObject({
      seq: 3,
      reason: 'missing-record',
    });
  });

  it('detects reordered records', () => {
    const records = chainOf(3);
    const [a, b, c] = records as [AuditRecord, AuditRecord, AuditRecord];
    // Swapped contents under the original seq numbers, and swapped positions.
    expect(verifyChain(DAY, [a, c, b], headOf(records)).firstBreak).toMatchObject({
      seq: 2,
      reason: 'missing-record',
    });
    const swapped = [a, { ...c, seq: 2 }, { ...b, seq: 3 }];
    expect(verifyChain(DAY, swapped, headOf(records)).firstBreak).toMatchObject({
      seq: 2,
      reason: 'prev-hash-mismatch',
    });
  });

  it('detects a deleted chain head when records remain', () => {
    const records = chainOf(2);
    expect(verifyChain(DAY, records, undefined).firstBreak).toMatchObject({
      seq: 3,
      reason: 'head-mismatch',
    });
  });

  it('leaves out records appended after the head was read, but not a gap before it', () => {
    const records = chainOf(5);
    const headAtThree = { day: DAY, seq: 3, hash: records[2]?.hash ?? '' };
    expect(verifyChain(DAY, recordsUpToHead(records, headAtThree), headAtThree)).toMatchObject({
      ok: true,
      count: 3,
    });
    const gap = records.filter((r) => r.seq !== 2);
    expect(verifyChain(DAY, recordsUpToHead(gap, headAtThree), headAtThree).firstBreak).toMatchObject({
      seq: 2,
      reason: 'missing-record',
    });
  });

  it("detects another day's record moved in", () => {
    const records = chainOf(2);
    const moved = records.map((r) => (r.seq === 2 ? { ...r, day: '2026-03-13' } : r));
    expect(verifyChain(DAY, moved, headOf(records)).firstBreak).toMatchObject({
      seq: 2,
      reason: 'wrong-day',
    });
  });

  it('detects a whole chain rewritten consistently, against the archived digest', () => {
    const records = chainOf(3);
    const digest = buildDigest(DAY, records, '2026-03-15T00:30:00Z');
    // Rewrite from seq 2 on, recomputing every hash and the head: only the digest can tell.
    let head = { day: DAY, seq: 1, hash: records[0]?.hash ?? '' };
    const rewritten: AuditRecord[] = [records[0] as AuditRecord];
    for (const r of records.slice(1)) {
      const { hash: _h, seq: _s, prevHash: _p, day: _d, recordedAt, ...original } = r;
      const forged = chainRecord(head, { ...original, recordCount: 0 }, recordedAt);
      rewritten.push(forged);
      head = { day: DAY, seq: forged.seq, hash: forged.hash };
    }
    expect(verifyChain(DAY, rewritten, head).ok).toBe(true);
    const verdict = verifyChain(DAY, rewritten, head, digest);
    expect(verdict).toMatchObject({
      ok: false,
      digest: 'mismatch',
      firstBreak: { seq: 2, reason: 'digest-mismatch' },
    });
  });
});

describe('auditEventSchema', () => {
  it('accepts a well-formed event', () => {
    expect(auditEventSchema.safeParse(event(1)).success).toBe(true);
  });

  it('refuses a clear identifier where a subject hash belongs', () => {
    const result = auditEventSchema.safeParse(event(1, { subjectHashes: ['11010519491231002X'] }));
    expect(result.success).toBe(false);
  });

  it('refuses unknown fields', () => {
    expect(auditEventSchema.safeParse({ ...event(1), citizenId: 'x' }).success).toBe(false);
  });

  it('audits an oversized request shortened rather than not at all', () => {
    const bounded = boundAuditEvent(
      event(1, { purpose: '核'.repeat(5000), items: ['', 'x'.repeat(1000), 'name'] }),
    );
    expect(auditEventSchema.safeParse(bounded).success).toBe(true);
    expect(bounded.purpose).toHaveLength(500);
    expect(bounded.items).toHaveLength(2);
    expect(boundAuditEvent(event(1, { purpose: '  ' }))).not.toHaveProperty('purpose');
  });

  it('never cuts a character outside the BMP in half', () => {
    // 𠀀 takes two UTF-16 units: a cut between them would leave half a character in the record.
    const purpose = boundAuditEvent(event(1, { purpose: `${'a'.repeat(498)}${'𠀀'.repeat(10)}` })).purpose;
    expect(purpose).toBe(`${'a'.repeat(498)}…`);
    expect(purpose?.isWellFormed()).toBe(true);
    const item = boundAuditEvent(event(1, { items: ['😀'.repeat(100)] })).items[0];
    expect(item).toBe(`${'😀'.repeat(63)}…`);
    expect(item?.isWellFormed()).toBe(true);
  });
});
