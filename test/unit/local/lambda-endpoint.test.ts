import { InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalFunction } from '../../../packages/local/src/invoke.ts';
import { createLambdaEndpoint, type LambdaEndpoint } from '../../../packages/local/src/lambda-endpoint.ts';
import { silentLog } from '../../../packages/local/src/log.ts';

/**
 * The local Lambda API's Invoke, called with the real SDK client a function uses: it runs the
 * named function and answers as Lambda does (result, or FunctionError with the handler's error).
 */
const events: unknown[] = [];
const fn = (name: string, invoke: LocalFunction['invoke']): [string, LocalFunction] => [
  name,
  {
    name,
    functionName: `t-${name}`,
    spec: { kind: 'invoked', entry: 'x.ts', description: '' },
    invoke,
    stop: async () => {},
  },
];
const functions = new Map([
  fn('echo', async (event) => {
    events.push(event);
    return { echoed: event };
  }),
  fn('broken', async () => {
    throw new TypeError('no layout for you');
  }),
]);

let endpoint: LambdaEndpoint;
let client: LambdaClient;
const invoke = (FunctionName: string, payload: unknown, InvocationType?: 'Event' | 'DryRun') =>
  client.send(
    new InvokeCommand({
      FunctionName,
      Payload: new TextEncoder().encode(JSON.stringify(payload)),
      ...(InvocationType ? { InvocationType } : {}),
    }),
  );
const json = (bytes: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(bytes));

beforeAll(async () => {
  endpoint = createLambdaEndpoint(functions, silentLog);
  const port = await endpoint.listen(0);
  client = new LambdaClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  client?.destroy();
  await endpoint?.close();
});

describe('the local Lambda endpoint', () => {
  it('runs the function named by its deployed name or its ARN and answers its result', async () => {
    const byName = await invoke('t-echo', { document: 'd-1' });
    expect(byName.StatusCode).toBe(200);
    expect(byName.FunctionError).toBeUndefined();
    expect(json(byName.Payload)).toEqual({ echoed: { document: 'd-1' } });
    const byArn = await invoke('arn:aws:lambda:us-east-1:000000000000:function:t-echo', { n: 2 });
    expect(json(byArn.Payload)).toEqual({ echoed: { n: 2 } });
  });

  it("answers the handler's error as Lambda does: FunctionError, its type and message", async () => {
    const answer = await invoke('t-broken', {});
    expect(answer.StatusCode).toBe(200);
    expect(answer.FunctionError).toBe('Unhandled');
    expect(json(answer.Payload)).toMatchObject({ errorType: 'TypeError', errorMessage: 'no layout for you' });
  });

  it('refuses a function it does not know, and runs an Event or DryRun without an answer', async () => {
    await expect(invoke('t-missing', {})).rejects.toBeInstanceOf(ResourceNotFoundException);
    events.length = 0;
    expect((await invoke('t-echo', { later: true }, 'Event')).StatusCode).toBe(202);
    expect((await invoke('t-echo', { never: true }, 'DryRun')).StatusCode).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toEqual([{ later: true }]);
  });
});
