import { GetObjectCommand } from '@aws-sdk/client-s3';
import { DeleteCommand, GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, type AuditRecord, auditDay, checkpointSigner } from '@govshare/domain/audit';
import { citizenIdCheckChar, type Role } from '@govshare/domain/kernel';
import { digestKey, s3CheckpointArchive } from '@govshare/functions/audit/audit-archive.ts';
import { type AuditStore, dynamoAuditStore } from '@govshare/functions/audit/audit-store.ts';
import {
  auditKeyFromEnv,
  auditTrailFromEnv,
  type SubjectHasher,
  subjectHasherFromEnv,
} from '@govshare/functions/audit/audit-trail.ts';
import { auditFunctions } from '@govshare/functions/audit/blueprint.ts';
import { dynamoIdentityStore } from '@govshare/functions/identity/identity-store.ts';
import { signDevToken } from '@govshare/functions/platform/auth.ts';
import { dynamo } from '@govshare/functions/platform/aws-clients.ts';
import { readConfig } from '@govshare/functions/platform/config.ts';
import { createLogger } from '@govshare/functions/platform/logger.ts';
import { s3 } from '@govshare/functions/platform/s3-clients.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';

/**
 * The audit trail on the real local platform: events recorded through the producer adapter (as the
 * registry records them) travel through the audit-trail queue to the consumer, which chains them;
 * verification, tampering, digests, provider listing and subject queries over HTTP.
 */
let local: TestPlatform;
let table: string;
let store: AuditStore;
let hashSubject: SubjectHasher;

const PROVIDER = '611000202'; // 市统计局 (sample data approver: stats-approver)
const OTHER_PROVIDER = '611000201';
const CONSUMER = '611000106';
const first17 = '61100219900101123';
const CITIZEN_ID = `${first17}${citizenIdCheckChar(first17)}`;
const other17 = '61102119850607456';
const OTHER_CITIZEN_ID = `${other17}${citizenIdCheckChar(other17)}`;

const DAY_MS = 24 * 3600_000;
const today = () => auditDay(new Date());
const yesterdayAt = () => new Date(Date.now() - DAY_MS).toISOString();
// Far enough back that the digest schedule (7 closed days) never seals them.
const TAMPER_DAY_AT = '2025-01-10T03:00:00.000Z';
const DELETE_DAY_AT = '2025-01-11T03:00:00.000Z';
const RACE_DAY_AT = '2025-01-12T03:00:00.000Z';
// And the day before it unused: a checkpoint run looks at yesterday too.
const OPEN_DAY_AT = '2025-01-20T03:00:00.000Z';

let serial = 0;
const event = (extra: Partial<AuditEvent> = {}): AuditEvent => {
  serial += 1;
  return {
    id: `it-${serial}-${Date.now()}`,
    at: new Date().toISOString(),
    actor: { unit: CONSUMER, principal: 'civil-affairs-relief-system', kind: 'system' },
    action: 'registry.population.get',
    providerUnit: PROVIDER,
    resourceCode: 'BASE-POPULATION',
    grantId: 'grant-it-1',
    purpose: '低保资格核验',
    items: ['name', 'sex'],
    recordCount: 1,
    subjectHashes: [hashSubject(CITIZEN_ID)],
    outcome: 'ok',
    correlationId: `corr-${serial}`,
    ...extra,
  };
};

const request = (method: string, path: string, token: string, body?: unknown) =>
  local.request(method, path, { token, body });

const tokens: Record<string, string> = {};
async function tokenFor(id: string, unitCode: string, roles: Role[]) {
  const { auth, tables } = readConfig({ tables: ['identity'] });
  // Authority is the directory's: the user must exist there with these roles, not only in the token.
  const directory = dynamoIdentityStore(dynamo(), tables.identity);
  if (!(await directory.getPrincipal(id))) {
    await directory.createPrincipal({ id, name: '测试用户', unitCode, roles, kind: 'person' });
  }
  tokens[id] = (await signDevToken(auth, { id, unitCode, roles, kind: 'person' })).token;
  return tokens[id];
}

/** Polls until `check` returns a value (the consumer works asynchronously); fails after a generous deadline. */
async function eventually<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until every given event id is chained, and returns their records. */
const chained = (ids: string[]) =>
  eventually(
    async () => {
      const found = await Promise.all(
        ids.map((id) =>
          dynamo().send(new GetCommand({ TableName: table, Key: { pk: `EVENT#${id}`, sk: 'EVENT' } })),
        ),
      );
      return found.every((f) => f.Item)
        ? found.map((f) => f.Item as { day: string; seq: number })
        : undefined;
    },
    `events ${ids.join(', ')}`,
  );

const verify = async (day: string) => {
  const res = await request('GET', `/v1/audit/chains/${day}/verify`, tokens.auditor ?? '');
  expect(res.status).toBe(200);
  return res.json;
};

beforeAll(async () => {
  local = await startTestPlatform('audit', { sampleData: false });
  table = readConfig({ tables: ['audit'] }).tables.audit;
  store = dynamoAuditStore(dynamo(), table);
  hashSubject = await subjectHasherFromEnv();
  await tokenFor('auditor', '611000001', ['auditor']);
  await tokenFor('admin', '611000001', ['platform-admin']);
  await tokenFor('approver', PROVIDER, ['data-approver']);
  await tokenFor('consumer', CONSUMER, ['data-consumer']);
}, 120_000);

afterAll(async () => {
  await local?.stop();
});

describe('recording through the adapter', () => {
  it('chains every event once, refusals included, even when a message is delivered twice', async () => {
    const trail = auditTrailFromEnv();
    const events = [
      event(),
      event({
        action: 'registry.population.batch-get',
        recordCount: 2,
        subjectHashes: [hashSubject(CITIZEN_ID), hashSubject(OTHER_CITIZEN_ID)],
      }),
      event({
        outcome: 'refused',
        problemType: 'urn:govshare:problem:quota-exceeded',
        recordCount: 0,
        items: ['name'],
      }),
      event({ providerUnit: OTHER_PROVIDER, resourceCode: 'BASE-LEGAL-ENTITY', subjectHashes: [] }),
    ];
    await Promise.all(events.map((e) => trail.record(e)));
    const duplicate = events[0] as AuditEvent;
    await trail.record(duplicate);
    const [first] = await chained(events.map((e) => e.id));
    expect(first?.day).toBe(today());
    // The duplicate, once handled, leaves the chain as it was: ask the store directly too.
    const again = await store.append(duplicate);
    expect(again.duplicate).toBe(true);

    const result = await verify(today());
    expect(result).toMatchObject({ ok: true, digest: 'absent' });
    expect(result.count).toBe(result.headSeq);
    const records = await store.chain(today());
    expect(records.filter((r) => r.id === duplicate.id)).toHaveLength(1);
    const refused = records.find((r) => r.outcome === 'refused');
    expect(refused).toMatchObject({
      problemType: 'urn:govshare:problem:quota-exceeded',
      purpose: '低保资格核验',
    });
  });

  it('audits a registry query whose purpose holds characters outside the BMP, intact', async () => {
    // CJK Extension B (𠀀, real in Chinese names) and an emoji: SQS refuses them raw in a message body.
    const declared = '核查𠀀😀';
    const correlationId = `purpose-outside-bmp-${Date.now()}`;
    const res = await local.request(
      'GET',
      `/v1/registry/people/${CITIZEN_ID}?purpose=${encodeURIComponent(declared)}`,
      { token: tokens.consumer, headers: { 'x-correlation-id': correlationId } },
    );
    // No grant on this platform: refused, and audited as refused (was a 500, unaudited).
    expect(res.status).toBe(403);
    const record = await eventually(async () => {
      const chain = await store.chain(today());
      return chain.find((r) => r.correlationId === correlationId);
    }, 'the audited registry query');
    expect(record).toMatchObject({
      action: 'registry.population.get',
      outcome: 'refused',
      purpose: declared,
      subjectHashes: [hashSubject(CITIZEN_ID)],
    });
    expect(await verify(today())).toMatchObject({ ok: true });
  });

  it('keeps the chain whole when many appenders race for the same day', async () => {
    const events = Array.from({ length: 12 }, () => event({ at: RACE_DAY_AT }));
    const results = await Promise.all(events.map((e) => store.append(e)));
    const day = auditDay(new Date(RACE_DAY_AT));
    expect(results.map((r) => r.record.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    expect(await verify(day)).toMatchObject({ ok: true, count: 12, headSeq: 12 });
  });
});

describe('batch appends (what the consumer does)', () => {
  it('chains a batch in order, once per event, across days, with re-delivered and repeated events', async () => {
    const BATCH_DAY_AT = '2025-01-13T03:00:00.000Z';
    const day = auditDay(new Date(BATCH_DAY_AT));
    const earlier = event({ at: BATCH_DAY_AT });
    await store.append(earlier);
    const fresh = Array.from({ length: 5 }, () => event({ at: BATCH_DAY_AT }));
    const todays = event();
    const batch = [
      fresh[0],
      earlier,
      fresh[1],
      fresh[1],
      fresh[2],
      todays,
      fresh[3],
      fresh[4],
    ] as AuditEvent[];
    const results = await store.appendBatch(batch);
    expect(results.map((r) => r.duplicate)).toEqual([false, true, false, true, false, false, false, false]);
    expect(results.map((r) => r.record.id)).toEqual(batch.map((e) => e.id));
    const chain = await store.chain(day);
    expect(chain.map((r) => r.id)).toEqual([earlier, ...fresh].map((e) => e.id));
    expect(results[5]?.record.day).toBe(today());
    expect(await verify(day)).toMatchObject({ ok: true, count: 6, headSeq: 6 });
  });
});

describe('tampering', () => {
  it('detects a record changed directly in DynamoDB', async () => {
    const day = auditDay(new Date(TAMPER_DAY_AT));
    for (let i = 0; i < 3; i += 1) await store.append(event({ at: TAMPER_DAY_AT }));
    expect(await verify(day)).toMatchObject({ ok: true, count: 3 });
    await dynamo().send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: `CHAIN#${day}`, sk: `SEQ#${String(2).padStart(12, '0')}` },
        UpdateExpression: 'SET purpose = :p',
        ExpressionAttributeValues: { ':p': '其他用途' },
      }),
    );
    expect(await verify(day)).toMatchObject({ ok: false, firstBreak: { seq: 2, reason: 'hash-mismatch' } });
  });

  it('detects a record deleted from DynamoDB, in the middle or at the end', async () => {
    const day = auditDay(new Date(DELETE_DAY_AT));
    for (let i = 0; i < 4; i += 1) await store.append(event({ at: DELETE_DAY_AT }));
    const seqKey = (seq: number) => ({ pk: `CHAIN#${day}`, sk: `SEQ#${String(seq).padStart(12, '0')}` });
    await dynamo().send(new DeleteCommand({ TableName: table, Key: seqKey(4) }));
    expect(await verify(day)).toMatchObject({ ok: false, firstBreak: { seq: 4, reason: 'missing-record' } });
    await dynamo().send(new DeleteCommand({ TableName: table, Key: seqKey(2) }));
    expect(await verify(day)).toMatchObject({ ok: false, firstBreak: { seq: 2, reason: 'missing-record' } });
  });
});

describe('checkpoints of an open day', () => {
  it("anchors today's head on the platform's schedule", async () => {
    const recorded = event();
    await auditTrailFromEnv().record(recorded);
    await chained([recorded.id]);
    const run = (await local.platform.triggerSchedule('audit-checkpoint')) as { written: string[] };
    expect(run.written).toContain(today());
    expect(await verify(today())).toMatchObject({ ok: true, checkpoint: 'match' });
  });

  it('catches the last events deleted and the head moved back, which the chain alone cannot', async () => {
    const day = auditDay(new Date(OPEN_DAY_AT));
    // The checkpoint runs as on that day, while it was open (the digest never comes for it here).
    const { createAuditCheckpoint } = await import('@govshare/functions/audit/checkpoint-schedule.ts');
    const checkpoint = createAuditCheckpoint(
      store,
      s3CheckpointArchive(s3(), readConfig({ buckets: ['archive'] }).buckets.archive),
      checkpointSigner(await auditKeyFromEnv()),
      createLogger('audit-checkpoint'),
    );
    const runAt = { time: '2025-01-20T03:05:00.000Z' };
    const append = (n: number) =>
      store.appendBatch(
        Array.from({ length: n }, () => event({ at: OPEN_DAY_AT })),
        new Date(OPEN_DAY_AT),
      );
    await append(5);
    expect(await checkpoint(runAt)).toEqual({ written: [day], broken: [] });
    expect(await checkpoint(runAt)).toEqual({ written: [], broken: [] });
    expect(await verify(day)).toMatchObject({ ok: true, count: 5, checkpoint: 'match', checkpointSeq: 5 });

    // Cut the day back to seq 3, consistently: the last two records deleted, the head moved back.
    const records = await store.chain(day);
    const kept = records[2] as AuditRecord;
    for (const seq of [4, 5]) {
      await dynamo().send(
        new DeleteCommand({
          TableName: table,
          Key: { pk: `CHAIN#${day}`, sk: `SEQ#${String(seq).padStart(12, '0')}` },
        }),
      );
    }
    await dynamo().send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: `CHAIN#${day}`, sk: 'HEAD' },
        UpdateExpression: 'SET seq = :s, #h = :h',
        ExpressionAttributeNames: { '#h': 'hash' },
        ExpressionAttributeValues: { ':s': kept.seq, ':h': kept.hash },
      }),
    );
    expect(await verify(day)).toMatchObject({
      ok: false,
      count: 3,
      headSeq: 3,
      checkpoint: 'mismatch',
      firstBreak: { seq: 4, reason: 'checkpoint-mismatch' },
    });

    // The next runs refuse to anchor the cut chain, even once it has grown past the cut again.
    expect(await checkpoint(runAt)).toEqual({ written: [], broken: [day] });
    await append(3);
    expect(await checkpoint(runAt)).toEqual({ written: [], broken: [day] });
    expect(await verify(day)).toMatchObject({
      ok: false,
      count: 6,
      checkpointSeq: 5,
      firstBreak: { seq: 5, reason: 'checkpoint-mismatch' },
    });
  });
});

describe('verification requests', () => {
  it('names params.day when the day is not a calendar day, YYYY-MM-DD', async () => {
    const notDays = ['abc', '2026-02-30', '2025-02-29', '2026-13-01', '20260301', '2026-3-1', '2026-03-01x'];
    for (const day of notDays) {
      const res = await request('GET', `/v1/audit/chains/${day}/verify`, tokens.auditor ?? '');
      expect(res.status, day).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.stringify(res.json), day).toContain('params.day');
    }
    const leapDay = await request('GET', '/v1/audit/chains/2024-02-29/verify', tokens.auditor ?? '');
    expect(leapDay.status).toBe(200);
  });
});

describe('daily digest', () => {
  it('seals yesterday, archives its digest, and verification checks the table against it', async () => {
    const trail = auditTrailFromEnv();
    const events = [event({ at: yesterdayAt() }), event({ at: yesterdayAt() })];
    for (const e of events) await trail.record(e);
    const day = (await chained(events.map((e) => e.id)))[0]?.day ?? '';
    expect(day).toBe(auditDay(new Date(Date.now() - DAY_MS)));

    const run = (await local.platform.triggerSchedule('audit-digest')) as { written: string[] };
    expect(run.written).toContain(day);
    // Each closed day once: a second run writes nothing.
    expect(await local.platform.triggerSchedule('audit-digest')).toEqual({ written: [] });
    const bucket = readConfig({ buckets: ['archive'] }).buckets.archive;
    const object = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: digestKey(day) }));
    const digest = JSON.parse((await object.Body?.transformToString()) ?? '{}');
    const records = await store.chain(day);
    expect(digest).toMatchObject({ day, count: records.length, lastHash: records.at(-1)?.hash });
    expect(await verify(day)).toMatchObject({ ok: true, digest: 'match' });

    // A late event for the sealed day goes to today's chain instead.
    const late = event({ at: yesterdayAt() });
    await trail.record(late);
    expect((await chained([late.id]))[0]?.day).toBe(today());

    // Rewriting the end of the sealed day consistently (record removed, head moved back) fools the
    // chain alone, but not the archived digest.
    const last = records.at(-1);
    const previous = records.at(-2);
    if (!last || !previous) throw new Error('expected two records');
    await dynamo().send(
      new DeleteCommand({
        TableName: table,
        Key: { pk: `CHAIN#${day}`, sk: `SEQ#${String(last.seq).padStart(12, '0')}` },
      }),
    );
    await dynamo().send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: `CHAIN#${day}`, sk: 'HEAD' },
        UpdateExpression: 'SET seq = :s, #h = :h',
        ExpressionAttributeNames: { '#h': 'hash' },
        ExpressionAttributeValues: { ':s': previous.seq, ':h': previous.hash },
      }),
    );
    expect(await verify(day)).toMatchObject({
      ok: false,
      digest: 'mismatch',
      firstBreak: { seq: last.seq, reason: 'digest-mismatch' },
    });
  });
});

describe('provider listing', () => {
  it('shows a provider who queried its data, only its own, page by page, without subject hashes', async () => {
    const res = await request('GET', `/v1/audit/provider/${PROVIDER}/events?limit=2`, tokens.approver ?? '');
    expect(res.status).toBe(200);
    const items = res.json.items as Record<string, unknown>[];
    expect(items).toHaveLength(2);
    expect(res.json.nextCursor).toEqual(expect.any(String));
    const next = await request(
      'GET',
      `/v1/audit/provider/${PROVIDER}/events?limit=100&cursor=${res.json.nextCursor}`,
      tokens.approver ?? '',
    );
    const all = [...items, ...(next.json.items as Record<string, unknown>[])];
    expect(all.length).toBeGreaterThan(2);
    for (const item of all) {
      expect(item).toMatchObject({ actor: { unit: CONSUMER } });
      expect(item.resourceCode).toBe('BASE-POPULATION');
      expect(item).not.toHaveProperty('subjectHashes');
    }
    expect(all.some((i) => i.outcome === 'refused')).toBe(true);
    // Newest first.
    const ats = all.map((i) => i.at as string);
    expect([...ats].sort().reverse()).toEqual(ats);
  });

  it("refuses another unit's trail unless the caller is the platform admin", async () => {
    const refused = await request(
      'GET',
      `/v1/audit/provider/${OTHER_PROVIDER}/events`,
      tokens.approver ?? '',
    );
    expect(refused.status).toBe(403);
    const admin = await request('GET', `/v1/audit/provider/${OTHER_PROVIDER}/events`, tokens.admin ?? '');
    expect(admin.status).toBe(200);
    expect((admin.json.items as unknown[]).length).toBe(1);
    const consumer = await request('GET', `/v1/audit/provider/${PROVIDER}/events`, tokens.consumer ?? '');
    expect(consumer.status).toBe(403);
  });

  it('lets every role the route table allows read what the handler says: auditors any unit', async () => {
    // Read-only and platform-wide (审计局, 电子政务办): an auditor reads every provider's trail;
    // a data approver only its own unit's.
    const anyUnit: Role[] = ['platform-admin', 'auditor'];
    const ownUnit: Role[] = ['data-approver'];
    const route = auditFunctions.audit.routes.providerEvents;
    expect([...(route?.access ?? [])].sort()).toEqual([...anyUnit, ...ownUnit].sort());
    const auditBureau = '611000118';
    for (const role of [...anyUnit, ...ownUnit]) {
      const unit = role === 'data-approver' ? PROVIDER : auditBureau;
      const token = await tokenFor(`matrix-${role}`, unit, [role]);
      const own = await request('GET', `/v1/audit/provider/${unit}/events`, token);
      expect(own.status, `${role} on its own unit`).toBe(200);
      const other = await request('GET', `/v1/audit/provider/${OTHER_PROVIDER}/events`, token);
      expect(other.status, `${role} on another unit`).toBe(anyUnit.includes(role) ? 200 : 403);
      if (other.status === 200) expect(other.json.items).toHaveLength(1);
    }
  });

  it('names the field of a bad range or cursor', async () => {
    const range = await request(
      'GET',
      `/v1/audit/provider/${PROVIDER}/events?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
      tokens.approver ?? '',
    );
    expect(range.status).toBe(400);
    expect(JSON.stringify(range.json)).toContain('query.from');
    const cursor = await request(
      'GET',
      `/v1/audit/provider/${PROVIDER}/events?cursor=bm9wZQ`,
      tokens.approver ?? '',
    );
    expect(cursor.status).toBe(400);
    expect(JSON.stringify(cursor.json)).toContain('query.cursor');
  });
});

describe('subject queries', () => {
  it('tells the platform admin who queried a person, found by ID, without the ID stored in clear', async () => {
    const res = await request('POST', '/v1/audit/subject-queries', tokens.admin ?? '', {
      citizenId: CITIZEN_ID,
    });
    expect(res.status).toBe(200);
    const items = res.json.items as Record<string, unknown>[];
    expect(items.length).toBeGreaterThanOrEqual(3);
    for (const item of items) {
      expect(item).toMatchObject({ actor: { unit: CONSUMER } });
      // The refused registry query above ran on a platform with no catalogue to name the resource's
      // provider: none is claimed (no sample unit stands in). Every other event names its provider.
      if (item.purpose === '核查𠀀😀') expect(item.providerUnit).toBeUndefined();
      else expect(item.providerUnit).toEqual(expect.any(String));
    }

    const other = await request('POST', '/v1/audit/subject-queries', tokens.admin ?? '', {
      citizenId: OTHER_CITIZEN_ID,
    });
    expect((other.json.items as Record<string, unknown>[]).map((i) => i.action)).toEqual([
      'registry.population.batch-get',
    ]);

    // The subject query itself is audited, under the subject's hash.
    const adminQuery = await eventually(async () => {
      const records = await store.chain(today());
      return records.find((r) => r.action === 'audit.subject-query');
    }, 'the audited subject query');
    expect(adminQuery.subjectHashes).toHaveLength(1);

    const everything = await dynamo().send(new ScanCommand({ TableName: table }));
    const dump = JSON.stringify(everything.Items);
    expect(dump).not.toContain(CITIZEN_ID);
    expect(dump).not.toContain(OTHER_CITIZEN_ID);
    expect(dump).toContain(hashSubject(CITIZEN_ID));
  });

  it('refuses an invalid ID with the failed check, and anyone but the platform admin', async () => {
    const bad = await request('POST', '/v1/audit/subject-queries', tokens.admin ?? '', {
      citizenId: `${first17}${citizenIdCheckChar(first17) === '0' ? '1' : '0'}`,
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('body.citizenId');
    expect(JSON.stringify(bad.json)).toContain('checkDigit');
    const auditor = await request('POST', '/v1/audit/subject-queries', tokens.auditor ?? '', {
      citizenId: CITIZEN_ID,
    });
    expect(auditor.status).toBe(403);
  });
});
