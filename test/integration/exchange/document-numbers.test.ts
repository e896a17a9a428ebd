import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { tableEnvName } from '@govshare/blueprint';
import { ConflictError } from '@govshare/domain/kernel';
import {
  type AssignedNumber,
  dynamoDocumentNumberStore,
} from '@govshare/functions/exchange/document-numbers.ts';
import { dynamo } from '@govshare/functions/platform/aws-clients.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';

/**
 * 发文字号 under concurrent sign-offs, on DynamoDB Local: no gap, no duplicate, and a sign-off that
 * does not happen (the document was returned meanwhile, or signed by someone else) uses no number.
 */
let local: TestPlatform;
let table: string;
const issuer = { issuerCode: '商政办发', year: 2026 };

const docKey = (id: string) => ({ pk: `DOC#${id}`, sk: 'DOC' });
async function approvedDocument(id: string) {
  await dynamo().send(
    new PutCommand({ TableName: table, Item: { ...docKey(id), state: 'approved', version: 1 } }),
  );
}
/** The caller's own write: the document becomes signed with its number, if it is still as read. */
const signOff = (id: string, version: number) => (assigned: AssignedNumber) => ({
  Update: {
    TableName: table,
    Key: docKey(id),
    UpdateExpression: 'SET #state = :signed, #number = :number, version = :after',
    ConditionExpression: '#state = :approved AND version = :version',
    ExpressionAttributeNames: { '#state': 'state', '#number': 'number' },
    ExpressionAttributeValues: {
      ':signed': 'signed',
      ':approved': 'approved',
      ':number': assigned.number,
      ':version': version,
      ':after': version + 1,
    },
  },
});

beforeAll(async () => {
  local = await startTestPlatform('numbers', { sampleData: false });
  table = local.platform.env[tableEnvName('exchange')] as string;
}, 120_000);

afterAll(async () => {
  await local?.stop();
});

describe('document numbers (发文字号) at sign-off', () => {
  it('gives 40 concurrent sign-offs the numbers 1 to 40, each once, in the issuer’s form', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `concurrent-${i}`);
    await Promise.all(ids.map(approvedDocument));
    const store = dynamoDocumentNumberStore(dynamo(), table);
    const assigned = await Promise.all(ids.map((id) => store.assign(issuer, id, signOff(id, 1))));
    expect(assigned.map((a) => a.sequence).sort((a, b) => a - b)).toEqual(ids.map((_, i) => i + 1));
    expect(await store.used(issuer)).toEqual(ids.map((_, i) => i + 1));
    const { Item } = await dynamo().send(new GetCommand({ TableName: table, Key: docKey('concurrent-0') }));
    expect(Item?.state).toBe('signed');
    expect(Item?.number).toMatch(/^商政办发〔2026〕\d+号$/);
  });

  it('signs one document once when several signers click at once, and uses one number', async () => {
    const store = dynamoDocumentNumberStore(dynamo(), table);
    const before = await store.used(issuer);
    await approvedDocument('same');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, () => store.assign(issuer, 'same', signOff('same', 1))),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes.filter((o) => o.status === 'rejected')) {
      expect((o as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    }
    expect(await store.used(issuer)).toEqual([...before, before.length + 1]);
  });

  it('uses no number for a sign-off that does not happen (returned meanwhile): the next one follows on', async () => {
    const store = dynamoDocumentNumberStore(dynamo(), table);
    const before = await store.used(issuer);
    await approvedDocument('returned');
    // Returned for revision after the signer opened it: its version moved on.
    await dynamo().send(
      new PutCommand({ TableName: table, Item: { ...docKey('returned'), state: 'draft', version: 2 } }),
    );
    await expect(store.assign(issuer, 'returned', signOff('returned', 1))).rejects.toBeInstanceOf(
      ConflictError,
    );
    await approvedDocument('next');
    const next = await store.assign(issuer, 'next', signOff('next', 1));
    expect(next.sequence).toBe(before.length + 1);
    expect(await store.used(issuer)).toEqual([...before, before.length + 1]);
  });

  it('counts each issuer and year apart', async () => {
    const store = dynamoDocumentNumberStore(dynamo(), table);
    await approvedDocument('other-issuer');
    const other = await store.assign(
      { issuerCode: '商发改', year: 2026 },
      'other-issuer',
      signOff('other-issuer', 1),
    );
    expect(other).toMatchObject({ sequence: 1, number: '商发改〔2026〕1号' });
    await approvedDocument('next-year');
    const nextYear = await store.assign({ ...issuer, year: 2027 }, 'next-year', signOff('next-year', 1));
    expect(nextYear.sequence).toBe(1);
  });
});
