import { createHmac } from 'node:crypto';
import {
  sqsAuditTrail,
  subjectHasher,
  subjectHasherFromEnv,
  subjectKeyFromText,
} from '@govshare/functions/audit/audit-trail.ts';
import { describe, expect, it } from 'vitest';

const KEY = Buffer.alloc(32, 1);
const ID = '11010519491231002X';

describe('subject hashes', () => {
  it('are keyed: another key gives another hash, and neither contains the identifier', () => {
    const a = subjectHasher(KEY)(ID);
    const b = subjectHasher(Buffer.alloc(32, 2))(ID);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(ID.slice(0, 6));
  });

  it('are HMAC-SHA256 of "subject:<ID>" under the key bytes, as every earlier record was hashed', () => {
    const expected = createHmac('sha256', KEY).update(`subject:${ID}`).digest('hex');
    expect(subjectHasher(KEY)(ID)).toBe(expected);
  });

  it('hash the same person the same way whatever the case of the X or surrounding spaces', () => {
    const hash = subjectHasher(KEY);
    expect(hash(` ${ID.toLowerCase()} `)).toBe(hash(ID));
  });

  it('refuse a key shorter than 32 bytes, directly or from the environment', async () => {
    expect(() => subjectHasher(Buffer.alloc(16))).toThrow(/32 bytes/);
    expect(() => subjectKeyFromText('too-short-a-key')).toThrow(/32 characters/);
    await expect(subjectHasherFromEnv({})).rejects.toThrow(/AUDIT_SUBJECT_KEY/);
    const text = 'k'.repeat(40);
    const fromEnv = await subjectHasherFromEnv({ AUDIT_SUBJECT_KEY: text });
    expect(fromEnv(ID)).toBe(subjectHasher(Buffer.from(text))(ID));
  });

  it('read the key from the secret the environment names, when not given directly', async () => {
    const text = 's'.repeat(64);
    const asked: string[] = [];
    const hasher = await subjectHasherFromEnv({ AUDIT_SUBJECT_KEY_SECRET_ARN: 'arn:secret' }, async (arn) => {
      asked.push(arn);
      return text;
    });
    expect(asked).toEqual(['arn:secret']);
    expect(hasher(ID)).toBe(subjectHasher(Buffer.from(text))(ID));
    await expect(
      subjectHasherFromEnv({ AUDIT_SUBJECT_KEY_SECRET_ARN: 'arn:secret' }, async () => 'short'),
    ).rejects.toThrow(/32 characters/);
  });
});

describe('sqsAuditTrail', () => {
  it('refuses a malformed event before sending anything', async () => {
    const sent: unknown[] = [];
    const client = { send: async (command: unknown) => sent.push(command) } as never;
    const trail = sqsAuditTrail(client, 'http://queue');
    const event = {
      id: 'e1',
      at: '2026-03-14T10:00:00+08:00',
      actor: { unit: '611000301', principal: 'sys-a', kind: 'system' as const },
      action: 'registry.population.get',
      items: [],
      recordCount: 0,
      subjectHashes: [ID],
      outcome: 'refused' as const,
      correlationId: 'c1',
    };
    await expect(trail.record(event)).rejects.toThrow();
    expect(sent).toHaveLength(0);
    await trail.record({ ...event, subjectHashes: [subjectHasher(KEY)(ID)] });
    expect(sent).toHaveLength(1);
  });
});
