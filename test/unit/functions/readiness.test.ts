import { describe, expect, it } from 'vitest';
import { problemResponse } from '../../../functions/src/platform/problem.ts';
import { checkReadiness, NotReadyError, resourceChecks } from '../../../functions/src/platform/readiness.ts';

const config = {
  tables: { identity: 'govshare-identity', catalogue: 'govshare-catalogue' },
  buckets: {},
  queues: { 'audit-trail': 'http://queue/audit-trail' },
};
const answers = async () => {};
const missing = async () => {
  throw Object.assign(new Error('Requested resource not found'), { name: 'ResourceNotFoundException' });
};

describe('readiness', () => {
  it("checks each of the function's resources by its blueprint name, on its physical name", async () => {
    const reached: string[] = [];
    const probe = async (physical: string) => {
      reached.push(physical);
    };
    const checks = resourceChecks(config, { table: probe, queue: probe });
    expect(checks.map((check) => check.name)).toEqual([
      'table identity',
      'table catalogue',
      'queue audit-trail',
    ]);
    const body = await checkReadiness(checks);
    expect(body).toMatchObject({
      status: 'ready',
      checks: [{ name: 'table identity', status: 'ok' }, {}, {}],
    });
    expect(reached).toEqual(['govshare-identity', 'govshare-catalogue', 'http://queue/audit-trail']);
  });

  it('refuses to build checks for a kind of resource it has no probe for', () => {
    expect(() => resourceChecks(config, { table: answers })).toThrow(
      'queue audit-trail: no queue probe given',
    );
  });

  it('is a 503 problem naming each failing dependency, and why (the error kind, a timeout)', async () => {
    const slow = (_: string, signal: AbortSignal) =>
      new Promise<void>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    const checks = resourceChecks(config, {
      table: (name, signal) => (name === 'govshare-identity' ? missing() : slow(name, signal)),
      queue: answers,
    });
    const error = await checkReadiness(checks, 50).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotReadyError);
    const { problem } = problemResponse(error, { correlationId: 'c-1' });
    expect(problem).toMatchObject({
      type: 'urn:govshare:problem:not-ready',
      status: 503,
      failing: ['table identity', 'table catalogue'],
    });
    expect(problem.detail).toBe(
      'Not ready: table identity (ResourceNotFoundException); table catalogue (TimeoutError)',
    );
  });
});
