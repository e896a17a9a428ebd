import {
  type AuditRecord,
  type ChainCheckpoint,
  chainRecord,
  checkpointSigner,
  emptyHead,
  genesisHash,
  verifyChain,
} from '@govshare/domain/audit';
import { describe, expect, it } from 'vitest';

const DAY = '2026-03-14';
const signer = checkpointSigner(Buffer.alloc(32, 7));

function chainOf(n: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  let head = emptyHead(DAY);
  for (let i = 1; i <= n; i += 1) {
    const record = chainRecord(
      head,
      {
        id: `evt-${i}`,
        at: '2026-03-14T09:00:00.000+08:00',
        actor: { unit: '611000106', principal: 'sys', kind: 'system' },
        action: 'registry.population.get',
        items: ['name'],
        recordCount: 1,
        subjectHashes: [],
        outcome: 'ok',
        correlationId: `c-${i}`,
      },
      '2026-03-14T01:00:00.000Z',
    );
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
/** The checkpoint taken when the chain held `records`, as read back from the archive. */
const anchorOf = (records: AuditRecord[], at = '2026-03-14T01:05:00.000Z') =>
  signer.check(JSON.parse(JSON.stringify(signer.sign({ ...headOf(records), at }))));

describe('checkpoint signatures', () => {
  const checkpoint: ChainCheckpoint = { day: DAY, seq: 3, hash: 'c'.repeat(64), at: '2026-03-14T01:05:00Z' };

  it('proves a checkpoint signed with the audit key and nothing else', () => {
    const signed = signer.sign(checkpoint);
    expect(signer.check(signed)).toEqual({ authentic: true, checkpoint });
    expect(signer.check({ ...signed, seq: 2 }).authentic).toBe(false);
    expect(signer.check({ ...signed, at: '2026-03-14T01:10:00Z' }).authentic).toBe(false);
    expect(checkpointSigner(Buffer.alloc(32, 8)).check(signed).authentic).toBe(false);
    expect(signer.check({ ...signed, extra: 1 }).authentic).toBe(false);
    expect(signer.check('not json').authentic).toBe(false);
    expect(signer.check(undefined).authentic).toBe(false);
  });
});

describe('verifyChain against the newest checkpoint', () => {
  it('accepts a chain that reaches the checkpoint, and one grown past it', () => {
    const records = chainOf(5);
    expect(verifyChain(DAY, records, headOf(records), undefined, anchorOf(records))).toMatchObject({
      ok: true,
      checkpoint: 'match',
      checkpointSeq: 5,
    });
    expect(
      verifyChain(DAY, records, headOf(records), undefined, anchorOf(records.slice(0, 3))),
    ).toMatchObject({
      ok: true,
      checkpoint: 'match',
      checkpointSeq: 3,
    });
    expect(verifyChain(DAY, [], undefined, undefined, anchorOf([]))).toMatchObject({ ok: true });
  });

  it('reports a chain cut back consistently (records deleted, head moved back) behind its checkpoint', () => {
    const records = chainOf(5);
    const cut = records.slice(0, 3);
    // Alone, the cut chain proves itself: that is the hole a checkpoint fills on an open day.
    expect(verifyChain(DAY, cut, headOf(cut)).ok).toBe(true);
    expect(verifyChain(DAY, cut, headOf(cut), undefined, anchorOf(records))).toMatchObject({
      ok: false,
      checkpoint: 'mismatch',
      firstBreak: { seq: 4, reason: 'checkpoint-mismatch' },
    });
    // Everything gone, head included.
    expect(verifyChain(DAY, [], undefined, undefined, anchorOf(records))).toMatchObject({
      ok: false,
      firstBreak: { seq: 1, reason: 'checkpoint-mismatch' },
    });
  });

  it('reports a chain rewritten from the checkpoint on, even when it grew longer again', () => {
    const records = chainOf(4);
    const anchor = anchorOf(records.slice(0, 3));
    // Cut at 2, then appended again: seq 3 exists, but it is another record.
    let head = headOf(records.slice(0, 2));
    const regrown = records.slice(0, 2);
    for (let i = 0; i < 2; i += 1) {
      const {
        hash: _h,
        seq: _s,
        prevHash: _p,
        day: _d,
        recordedAt,
        ...event
      } = records[2 + i] as AuditRecord;
      const forged = chainRecord(head, { ...event, id: `forged-${i}` }, recordedAt);
      regrown.push(forged);
      head = { day: DAY, seq: forged.seq, hash: forged.hash };
    }
    expect(verifyChain(DAY, regrown, head, undefined, anchor)).toMatchObject({
      ok: false,
      firstBreak: { seq: 3, reason: 'checkpoint-mismatch' },
    });
  });

  it('reports a checkpoint not signed by the audit trail, or one of another day', () => {
    const records = chainOf(2);
    const forged = { ...signer.sign({ ...headOf(records), at: '2026-03-14T01:05:00Z' }), seq: 1 };
    expect(verifyChain(DAY, records, headOf(records), undefined, signer.check(forged))).toMatchObject({
      ok: false,
      checkpoint: 'invalid',
      firstBreak: { seq: 3, reason: 'checkpoint-invalid' },
    });
    const otherDay = signer.check(
      signer.sign({ day: '2026-03-13', seq: 0, hash: genesisHash('2026-03-13'), at: '2026-03-13T01:00:00Z' }),
    );
    expect(verifyChain(DAY, records, headOf(records), undefined, otherDay)).toMatchObject({
      ok: false,
      checkpoint: 'invalid',
    });
  });
});
