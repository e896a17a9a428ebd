import { nextRun, scheduledEvent } from '@govshare/local';
import { describe, expect, it } from 'vitest';
import { failedMessageIds, toRecord } from '../../../packages/local/src/pollers.ts';

describe('schedules', () => {
  const now = new Date('2026-03-10T08:30:15Z');

  it('fires a daily time later today, or tomorrow once it has passed', () => {
    expect(nextRun({ dailyAtUtc: '09:00' }, now).toISOString()).toBe('2026-03-10T09:00:00.000Z');
    expect(nextRun({ dailyAtUtc: '08:30' }, now).toISOString()).toBe('2026-03-11T08:30:00.000Z');
    expect(nextRun({ dailyAtUtc: '00:05' }, now).toISOString()).toBe('2026-03-11T00:05:00.000Z');
  });

  it('fires a rate one period after now', () => {
    expect(nextRun({ everyMinutes: 15 }, now).toISOString()).toBe('2026-03-10T08:45:15.000Z');
  });

  it('builds an EventBridge Scheduled Event stamped to the second', () => {
    expect(scheduledEvent('rule-a', now)).toMatchObject({
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      time: '2026-03-10T08:30:15Z',
      resources: [expect.stringMatching(/:rule\/rule-a$/)],
      detail: {},
    });
  });
});

describe('partial batch responses, as Lambda reads them', () => {
  const batch = [{ MessageId: 'm1' }, { MessageId: 'm2' }];

  it('treats no response or an empty list as all succeeded', () => {
    expect(failedMessageIds(undefined, batch)).toEqual(new Set());
    expect(failedMessageIds({ batchItemFailures: [] }, batch)).toEqual(new Set());
  });

  it('returns the failed identifiers', () => {
    expect(failedMessageIds({ batchItemFailures: [{ itemIdentifier: 'm2' }] }, batch)).toEqual(
      new Set(['m2']),
    );
  });

  it('fails the whole batch when an identifier is empty or not in the batch', () => {
    expect(failedMessageIds({ batchItemFailures: [{ itemIdentifier: 'other' }] }, batch)).toBe('all');
    expect(failedMessageIds({ batchItemFailures: [{ itemIdentifier: '' }] }, batch)).toBe('all');
    expect(failedMessageIds({ batchItemFailures: [{}] }, batch)).toBe('all');
  });
});

describe('SQS records', () => {
  it('spells message attributes as Lambda does, binaries in base64', () => {
    const record = toRecord(
      {
        MessageId: 'm1',
        ReceiptHandle: 'r1',
        Body: 'x',
        MD5OfBody: '9dd4e461268c8034f5c8564e155c67a6',
        Attributes: {
          ApproximateReceiveCount: '3',
          SentTimestamp: '1',
          ApproximateFirstReceiveTimestamp: '2',
        },
        MessageAttributes: { bin: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2]) } },
      },
      'arn:aws:sqs:cn-north-1:000000000000:q',
    );
    expect(record).toMatchObject({
      messageId: 'm1',
      receiptHandle: 'r1',
      attributes: { ApproximateReceiveCount: '3' },
      messageAttributes: { bin: { binaryValue: 'AQI=', dataType: 'Binary', stringListValues: [] } },
      eventSource: 'aws:sqs',
      awsRegion: 'cn-north-1',
    });
  });
});
