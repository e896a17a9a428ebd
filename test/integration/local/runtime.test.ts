import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LocalPlatform,
  MAX_BODY_BYTES,
  startLocalPlatform,
} from '@govshare/local';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureBlueprint } from './fixtures/blueprint.ts';

interface Echo {
  event: APIGatewayProxyEventV2;
  context: { functionName: string; awsRequestId: string; remaining: number };
}
interface Problem {
  status: number;
  title: string;
  detail: string;
  requestId: string;
}
const echoed = async (response: Response) => (await response.json()) as Echo;
const problemOf = async (response: Response) => (await response.json()) as Problem;

let platform: LocalPlatform;
let dataDir: string;
let sqs: SQSClient;
let dynamo: DynamoDBClient;
const errors: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'govshare-runtime-'));
  platform = await startLocalPlatform({
    dataDir,
    blueprint: fixtureBlueprint,
    sampleData: false,
    log: { info: () => {}, error: (message) => errors.push(message) },
  });
  const common = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  sqs = new SQSClient({ ...common, endpoint: platform.awsEndpoint });
  dynamo = new DynamoDBClient({ ...common, endpoint: platform.dynamoEndpoint });
});

afterAll(async () => {
  sqs?.destroy();
  dynamo?.destroy();
  await platform?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Waits for an outcome that arrives asynchronously (pollers, visibility timeouts); fails if it never does. */
async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('gateway (API Gateway HTTP API, payload 2.0)', () => {
  it('routes by method and path template and builds a payload 2.0 event', async () => {
    const response = await fetch(`${platform.apiUrl}/v1/things/a%20b?tag=x&tag=y&q=%E6%94%BF`, {
      headers: { 'x-multi': 'one', cookie: 'c1=v1; c2=v2', 'user-agent': 'vitest' },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-fixture')).toBe('echo');
    expect(response.headers.getSetCookie()).toEqual(['session=abc; Path=/', 'theme=dark']);
    const { event, context } = await echoed(response);
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /v1/things/{id}',
      rawPath: '/v1/things/a%20b',
      rawQueryString: 'tag=x&tag=y&q=%E6%94%BF',
      queryStringParameters: { tag: 'x,y', q: '政' },
      pathParameters: { id: 'a b' },
      cookies: ['c1=v1', 'c2=v2'],
      isBase64Encoded: false,
      requestContext: {
        routeKey: 'GET /v1/things/{id}',
        stage: '$default',
        http: { method: 'GET', path: '/v1/things/a%20b', userAgent: 'vitest' },
      },
    });
    expect(event.headers['x-multi']).toBe('one');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.body).toBeUndefined();
    expect(event.requestContext.requestId).toBe(response.headers.get('apigw-requestid'));
    expect(context.functionName).toBe('fixture-echo');
    expect(context.remaining).toBeGreaterThan(0);
  });

  it('prefers a literal path over a parameter, and serves local-only routes', async () => {
    const special = await echoed(await fetch(`${platform.apiUrl}/v1/things/special`));
    expect(special.event.routeKey).toBe('GET /v1/things/special');
    expect(special.event.pathParameters).toBeUndefined();
    expect((await fetch(`${platform.apiUrl}/v1/dev/only`)).status).toBe(201);
  });

  it('passes a binary body base64-encoded and a text body as text', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const binary = await fetch(`${platform.apiUrl}/v1/things/7/files`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    const { event } = await echoed(binary);
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(bytes);
    expect(event.pathParameters).toEqual({ id: '7' });

    const csv = await echoed(
      await fetch(`${platform.apiUrl}/v1/things/7/files`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv; charset=utf-8' },
        body: 'code,name\n1,县\n',
      }),
    );
    expect(csv.event).toMatchObject({ isBase64Encoded: false, body: 'code,name\n1,县\n' });
  });

  it('answers a bare return value as 200 JSON', async () => {
    const response = await fetch(`${platform.apiUrl}/v1/bare`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ hello: 'world' });
  });

  it('answers an unknown route, or a known path with another method, with 404 problem+json', async () => {
    for (const [method, path] of [
      ['GET', '/v1/nothing-here'],
      ['DELETE', '/v1/things/1'],
    ] as const) {
      const response = await fetch(`${platform.apiUrl}${path}`, { method });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 404, title: 'Not Found' });
    }
  });

  it('answers a failing handler with 500 problem+json carrying the request id, and logs it', async () => {
    const response = await fetch(`${platform.apiUrl}/v1/boom`);
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = await problemOf(response);
    expect(problem.detail).not.toContain('fixture failure');
    expect(problem.requestId).toBe(response.headers.get('apigw-requestid'));
    expect(errors.some((line) => line.includes(problem.requestId))).toBe(true);
  });

  it('refuses a body over 10 MB with 413 problem+json', async () => {
    const { status, contentType, body } = await postRaw(
      `${platform.apiUrl}/v1/things/1/files`,
      Buffer.alloc(MAX_BODY_BYTES + 1, 'a'),
    );
    expect(status).toBe(413);
    expect(contentType).toBe('application/problem+json');
    expect(JSON.parse(body)).toMatchObject({ status: 413 });

    const atLimit = await postRaw(`${platform.apiUrl}/v1/things/1/files`, Buffer.alloc(MAX_BODY_BYTES, 'a'));
    expect(atLimit.status).toBe(201);
  });
});

/** node:http rather than fetch: the server may answer 413 before the whole body is sent. */
function postRaw(url: string, body: Buffer) {
  return new Promise<{ status: number; contentType: string | undefined; body: string }>((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'text/plain' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'],
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    // The server closing mid-upload is expected once it has answered.
    req.on('error', (error) => setTimeout(() => reject(error), 1000));
    req.end(body);
  });
}

describe('queue pollers (SQS event source mapping)', () => {
  const queueUrl = (name: string) => platform.env[`QUEUE_${name.toUpperCase()}_URL`] as string;
  const dlqUrl = (name: string) => `${queueUrl(name)}-dlq`;
  const count = async (url: string) => {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return (
      Number(Attributes.ApproximateNumberOfMessages) +
      Number(Attributes.ApproximateNumberOfMessagesNotVisible)
    );
  };
  const deliveries = async (body: string) => {
    const { Items = [] } = await dynamo.send(
      new QueryCommand({
        TableName: platform.env.TABLE_THINGS,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: `seen#${body}` } },
      }),
    );
    return Items.map((item) => JSON.parse(item.record?.S ?? '{}'));
  };

  it('deletes the records that succeeded, redelivers the failed one, then moves it to the DLQ', async () => {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl('work'),
        Entries: [
          {
            Id: '1',
            MessageBody: 'good-1',
            MessageAttributes: { unit: { DataType: 'String', StringValue: '3301' } },
          },
          { Id: '2', MessageBody: 'bad-1' },
          { Id: '3', MessageBody: 'good-2' },
        ],
      }),
    );
    // Delivered twice (maxReceiveCount 2), then dead-lettered.
    const dead = await eventually(async () => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: dlqUrl('work'), WaitTimeSeconds: 1, MaxNumberOfMessages: 10 }),
      );
      return Messages.length > 0 ? Messages : undefined;
    }, 'the failed message in the DLQ');
    expect(dead.map((m) => m.Body)).toEqual(['bad-1']);
    expect(await count(queueUrl('work'))).toBe(0);

    const bad = await deliveries('bad-1');
    expect(bad.map((r) => r.attributes.ApproximateReceiveCount).sort()).toEqual(['1', '2']);
    for (const good of ['good-1', 'good-2']) {
      // Deleted after the first delivery, so never redelivered.
      expect((await deliveries(good)).map((r) => r.attributes.ApproximateReceiveCount)).toEqual(['1']);
    }
    const [record] = await deliveries('good-1');
    expect(record).toMatchObject({
      body: 'good-1',
      eventSource: 'aws:sqs',
      awsRegion: LOCAL_REGION,
      eventSourceARN: expect.stringMatching(/^arn:aws:sqs:[^:]+:\d+:fixture-work$/),
      messageAttributes: {
        unit: { stringValue: '3301', dataType: 'String', stringListValues: [], binaryListValues: [] },
      },
      md5OfBody: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(Number(record.attributes.SentTimestamp)).toBeGreaterThan(0);
    expect(Number(record.attributes.ApproximateFirstReceiveTimestamp)).toBeGreaterThan(0);
  });

  it('loses nothing when the consumer throws: the message ends in the DLQ, intact', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl('explode'), MessageBody: 'precious' }));
    const dead = await eventually(async () => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: dlqUrl('explode'),
          WaitTimeSeconds: 1,
          AttributeNames: ['All'],
        }),
      );
      return Messages.length > 0 ? Messages : undefined;
    }, 'the message in the DLQ');
    expect(dead.map((m) => m.Body)).toEqual(['precious']);
    expect(Number(dead[0]?.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(2);
    expect(errors.some((line) => line.includes('fixture-exploder failed'))).toBe(true);
  });
});

describe('scheduler (EventBridge schedules)', () => {
  it('invokes a schedule with a Scheduled Event', async () => {
    const result = (await platform.triggerSchedule('tick')) as { received: Record<string, unknown> };
    expect(result.received).toMatchObject({
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      detail: {},
      resources: [expect.stringMatching(/^arn:aws:events:.+:rule\/fixture-tick/)],
    });
  });
});

describe('execution environments (one worker per function, as separate Lambda functions)', () => {
  const queueUrl = (name: string) => platform.env[`QUEUE_${name.toUpperCase()}_URL`] as string;

  /** The longest the test's own thread (the runtime's, which serves HTTP) went without running a timer. */
  const watchEventLoop = () => {
    let longest = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 20);
    return () => {
      clearInterval(timer);
      return longest;
    };
  };

  it('keeps serving HTTP while a consumer holds its own thread', async () => {
    const stopWatching = watchEventLoop();
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl('block'), MessageBody: 'hold-1' }));
    const latencies: number[] = [];
    await eventually(async () => {
      const started = performance.now();
      expect((await fetch(`${platform.apiUrl}/v1/bare`)).status).toBe(200);
      latencies.push(performance.now() - started);
      const { Count = 0 } = await dynamo.send(
        new QueryCommand({
          TableName: platform.env.TABLE_THINGS,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: 'done#hold-1' } },
        }),
      );
      return Count > 0 ? true : undefined;
    }, 'the blocking consumer to finish');
    const longestGap = stopWatching();
    // The consumer held its thread for 3 s; on the gateway's thread that would be a 3 s stall.
    expect(longestGap).toBeLessThan(1000);
    expect(Math.max(...latencies)).toBeLessThan(1000);
  });

  it("answers one function's requests while another function holds its thread", async () => {
    const stopWatching = watchEventLoop();
    const slow = fetch(`${platform.apiUrl}/v1/slow?ms=2000`);
    await new Promise((r) => setTimeout(r, 300));
    const started = performance.now();
    expect((await fetch(`${platform.apiUrl}/v1/bare`)).status).toBe(200);
    const latency = performance.now() - started;
    expect(await (await slow).json()).toEqual({ slept: 2000 });
    expect(stopWatching()).toBeLessThan(1000);
    expect(latency).toBeLessThan(1000);
  });

  it('starts a function whose cold start failed anew at its next invocation, as Lambda retries an init', async () => {
    const failed = await fetch(`${platform.apiUrl}/v1/flaky`);
    expect(failed.status).toBe(500);
    expect(errors.some((line) => line.includes('fixture-flaky failed'))).toBe(true);
    process.env.FIXTURE_INIT_OK = '1';
    try {
      const recovered = await fetch(`${platform.apiUrl}/v1/flaky`);
      expect(recovered.status).toBe(200);
      expect(await recovered.json()).toEqual({ initialised: true });
    } finally {
      delete process.env.FIXTURE_INIT_OK;
    }
  });

  it('survives a function that ends its process: the batch returns, then lands in the DLQ', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl('crash'), MessageBody: 'fragile' }));
    const dead = await eventually(async () => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: `${queueUrl('crash')}-dlq`, WaitTimeSeconds: 1 }),
      );
      return Messages.length > 0 ? Messages : undefined;
    }, 'the message in the DLQ');
    expect(dead.map((m) => m.Body)).toEqual(['fragile']);
    expect(errors.some((line) => line.includes('fixture-crasher failed'))).toBe(true);
    // The runtime, and every other function, still answer.
    expect((await fetch(`${platform.apiUrl}/v1/bare`)).status).toBe(200);
  });
});
