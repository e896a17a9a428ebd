/**
 * What the gateway and the scheduler do with work in flight when the runtime stops, with functions
 * played by stand-ins (no emulator needed): finish within the grace, end the environment after it.
 */
import type { Blueprint, FunctionSpec } from '@govshare/blueprint';
import { createGateway, type LocalFunction, type LocalLog, startScheduler } from '@govshare/local';
import { expect, it } from 'vitest';

const blueprint: Blueprint = {
  name: 'grace',
  tables: {},
  buckets: {},
  queues: {},
  functions: {
    api: {
      kind: 'http',
      entry: 'stand-in',
      description: 'answers after a while',
      routes: { late: { method: 'GET', path: '/v1/late', access: 'public', summary: '' } },
    },
    sweep: { kind: 'schedule', entry: 'stand-in', description: 'never ends', schedule: { everyMinutes: 60 } },
  },
};

/** A function whose every invocation takes `ms` (forever when undefined) and that records its stop. */
function standIn(name: string, ms: number | undefined) {
  const fn = {
    name,
    functionName: `grace-${name}`,
    spec: blueprint.functions[name] as FunctionSpec<string, string, string>,
    stopped: false,
    invoke: () =>
      new Promise((resolve) => {
        if (ms !== undefined) setTimeout(() => resolve({ statusCode: 200, body: 'late but whole' }), ms);
      }),
    async stop() {
      fn.stopped = true;
    },
  };
  return fn satisfies LocalFunction;
}

const lines: string[] = [];
const log: LocalLog = { info: (line) => lines.push(line), error: (line) => lines.push(line) };

it('lets a request in flight finish within the grace instead of cutting its connection', async () => {
  const api = standIn('api', 500);
  const gateway = createGateway(blueprint, new Map([['api', api]]), log);
  const port = await gateway.listen(0);
  const response = fetch(`http://127.0.0.1:${port}/v1/late`);
  await new Promise((r) => setTimeout(r, 100));
  const closed = gateway.close(5000);
  const answer = await response;
  expect(answer.status).toBe(200);
  expect(await answer.text()).toBe('late but whole');
  await closed;
  // Closed: no new request is taken.
  await expect(fetch(`http://127.0.0.1:${port}/v1/late`)).rejects.toThrow();
});

it('ends the environment of a schedule still running when the grace runs out', async () => {
  const sweep = standIn('sweep', undefined);
  const scheduler = startScheduler(blueprint, new Map([['sweep', sweep]]), log);
  void scheduler.trigger('sweep');
  const started = performance.now();
  await scheduler.stop(300);
  expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  expect(sweep.stopped).toBe(true);
  expect(lines.some((line) => line.includes('stopped grace-sweep mid-run'))).toBe(true);
});
