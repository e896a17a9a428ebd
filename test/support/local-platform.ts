import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type LocalPlatform,
  type LocalPlatformOptions,
  silentLog,
  startLocalPlatform,
} from '@govshare/local';

/**
 * The whole local platform on free ports in a fresh temporary data dir, with the HTTP helpers the
 * integration tests and benches share. No vitest import: the benches run it under plain tsx.
 */
export interface TestResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: responses are read loosely; the assertions check their shape
  json: Record<string, any>;
}

export interface RequestOptions {
  /** Sent as `authorization: Bearer <token>` when given. */
  token?: string | undefined;
  /** A string is sent as it is (e.g. malformed JSON); anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestPlatform {
  platform: LocalPlatform;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  /** A dev token for a sample user (POST /v1/dev/token); throws unless it is issued. */
  tokenFor(userId: string): Promise<string>;
  /** Stops the platform and removes its data dir. */
  stop(): Promise<void>;
}

export type TestPlatformOptions = Omit<
  LocalPlatformOptions,
  'dataDir' | 'httpPort' | 'dynamoPort' | 'awsPort' | 'log'
>;

/** `name` names the temporary data dir (govshare-<name>-…). */
export async function startTestPlatform(
  name: string,
  options: TestPlatformOptions = {},
): Promise<TestPlatform> {
  // Request logs are checked in the unit tests; here they would only bury the report.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  const dataDir = await mkdtemp(join(tmpdir(), `govshare-${name}-`));
  let platform: LocalPlatform;
  try {
    platform = await startLocalPlatform({
      // Tests count their own documents, numbers and urges: the sample documents only when asked.
      sampleDocuments: false,
      ...options,
      dataDir,
      httpPort: 0,
      dynamoPort: 0,
      awsPort: 0,
      log: silentLog,
    });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  const request: TestPlatform['request'] = async (method, path, { token, body, headers = {} } = {}) => {
    const response = await fetch(`${platform.apiUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : {} };
  };

  const tokenFor = async (userId: string) => {
    const res = await request('POST', '/v1/dev/token', { body: { userId } });
    if (res.status !== 200 || typeof res.json.access_token !== 'string')
      throw new Error(`no dev token for ${userId}: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json.access_token;
  };

  const stop = async () => {
    await platform.stop();
    await rm(dataDir, { recursive: true, force: true });
  };

  return { platform, request, tokenFor, stop };
}
