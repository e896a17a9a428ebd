import { AUDIT_LIMITS, type AuditEvent, auditEventSchema, boundAuditEvent } from '@govshare/domain/audit';
import { decodeQueueBody, encodeQueueBody } from '@govshare/functions/platform/queue-body.ts';
import { describe, expect, it } from 'vitest';

/** What real SQS accepts in a body; the local emulator (fauxqs) also refuses everything outside the BMP. */
const acceptedBySqs = (body: string) =>
  [...body].every((c) => {
    const p = c.codePointAt(0) ?? 0;
    return p === 0x9 || p === 0xa || p === 0xd || (p >= 0x20 && p <= 0xd7ff) || (p >= 0xe000 && p <= 0xfffd);
  });

const SQS_MAX_BODY_BYTES = 256 * 1024;

describe('queue bodies', () => {
  it('carries any string, characters outside the BMP and non-characters included, in what SQS accepts', () => {
    const texts = [
      '核查𠀀😀',
      '\u{20000}\u{2A6DF}\u{1F600}',
      'a\ufffeb\uffffc',
      'nul\u0000 tab\t del\u007f line\u2028 bom\ufeff',
      'lone \ud840 high and \udc00 low',
      '"quoted" \\ back',
    ];
    for (const text of texts) {
      const body = encodeQueueBody({ text, [text]: [text] });
      expect(acceptedBySqs(body)).toBe(true);
      expect(decodeQueueBody(body)).toEqual({ text, [text]: [text] });
    }
  });

  it('leaves Chinese text of the BMP readable and reads plain JSON sent before', () => {
    expect(encodeQueueBody({ purpose: '低保审核' })).toBe('{"purpose":"低保审核"}');
    expect(encodeQueueBody({ purpose: '核查𠀀' })).toBe('{"purpose":"核查\\ud840\\udc00"}');
    expect(decodeQueueBody(JSON.stringify({ uploadId: 'u-1', purpose: '低保' }))).toEqual({
      uploadId: 'u-1',
      purpose: '低保',
    });
    expect(() => decodeQueueBody('not json')).toThrow();
    expect(() => encodeQueueBody(undefined)).toThrow(TypeError);
  });

  it('keeps an audit event at every limit, outside the BMP throughout, under the SQS body limit', () => {
    const fill = (units: number) => '😀'.repeat(units / 2);
    const event: AuditEvent = {
      id: 'i'.repeat(200),
      at: '2026-03-14T10:00:00+08:00',
      actor: { unit: fill(64), principal: fill(128), kind: 'system' },
      action: 'registry.population.batch-get',
      providerUnit: fill(64),
      resourceCode: fill(128),
      grantId: fill(200),
      purpose: fill(AUDIT_LIMITS.purpose),
      items: Array.from({ length: AUDIT_LIMITS.items }, () => fill(AUDIT_LIMITS.item)),
      recordCount: 1000,
      subjectHashes: Array.from({ length: 1000 }, () => 'f'.repeat(64)),
      outcome: 'refused',
      problemType: fill(300),
      correlationId: fill(200),
    };
    const bounded = auditEventSchema.parse(boundAuditEvent(event));
    const body = encodeQueueBody(bounded);
    expect(Buffer.byteLength(body)).toBeLessThan(SQS_MAX_BODY_BYTES);
    expect(auditEventSchema.parse(decodeQueueBody(body))).toEqual(bounded);
  });
});
