import { type Io, problemOf, RefusedError, renderProblem, renderReport, runCli } from '@govshare/cli';
import { describe, expect, it } from 'vitest';

const validation = {
  type: 'urn:govshare:problem:validation',
  title: 'Invalid request',
  status: 400,
  detail: 'The identifier failed its length check',
  correlationId: 'c-1',
  errors: [
    { path: 'params.citizenId', message: 'a citizen ID is 18 characters, not 3' },
    { path: 'query.purpose', message: 'Required' },
  ],
};

/** An Io whose fetch answers every request with `answer`, counting the calls. */
function fakeIo(answer: () => Response) {
  const out: string[] = [];
  const err: string[] = [];
  const calls: string[] = [];
  const io: Io = {
    env: { XDG_CONFIG_HOME: '/nonexistent-govshare-test' },
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    fetch: async (input) => {
      calls.push(input instanceof Request ? input.url : String(input));
      return answer();
    },
  };
  return { io, out, err, calls };
}

describe('refusals, as people and scripts read them', () => {
  it('renders title, status, detail, each field issue and the correlation id', () => {
    expect(renderProblem(validation)).toBe(
      [
        '错误：Invalid request (400)',
        '  The identifier failed its length check',
        '  - params.citizenId: a citizen ID is 18 characters, not 3',
        '  - query.purpose: Required',
        '  关联编号：c-1',
      ].join('\n'),
    );
    expect(
      renderProblem({ title: 'Too many requests', status: 429, resetsAt: '2026-12-03T00:00:00+08:00' }),
    ).toContain('配额恢复时间：2026-12-03T00:00:00+08:00');
  });

  it('makes a Problem of any body: problem+json, text, nothing', () => {
    expect(problemOf(validation, 400)).toEqual(validation);
    expect(problemOf({ detail: 'x' }, 404)).toEqual({ detail: 'x', status: 404 });
    expect(problemOf('<html>Bad gateway</html>', 502, 'Bad Gateway')).toEqual({
      title: 'Bad Gateway',
      status: 502,
      detail: '<html>Bad gateway</html>',
    });
    expect(problemOf(undefined, 500)).toEqual({ title: 'HTTP 500', status: 500 });
  });

  it('exits 1 on a refusal of the API, with the problem on stderr (and as JSON on stdout with --json)', async () => {
    const answer = () =>
      new Response(JSON.stringify({ ...validation, errors: [], status: 400 }), {
        status: 400,
        headers: { 'content-type': 'application/problem+json' },
      });
    const human = fakeIo(answer);
    expect(await runCli(['login', '--user', 'nobody-here'], human.io)).toBe(1);
    expect(human.err.join('')).toContain('错误：Invalid request (400)');
    expect(human.out).toEqual([]);
    const script = fakeIo(answer);
    expect(await runCli(['--json', 'login', '--user', 'nobody-here'], script.io)).toBe(1);
    expect(JSON.parse(script.out.join(''))).toMatchObject({ title: 'Invalid request', status: 400 });
  });

  it('exits 1 when the API cannot be reached, and 2 for bad usage before any request', async () => {
    const down = fakeIo(() => {
      throw new TypeError('fetch failed');
    });
    expect(await runCli(['login', '--user', 'egov-admin', '--api', 'http://127.0.0.1:9'], down.io)).toBe(1);
    expect(down.err.join('')).toContain('无法连接 API');
    const usage = fakeIo(() => new Response('{}'));
    expect(await runCli(['upload', '/nonexistent/people.csv', '--resource', '301202/000002'], usage.io)).toBe(
      2,
    );
    expect(await runCli(['login'], usage.io)).toBe(2);
    expect(await runCli(['grants'], usage.io)).toBe(2);
    expect(usage.err.join('')).toContain('文件不存在');
    expect(usage.err.join('')).toContain('govshare login');
    expect(usage.calls).toEqual([]);
  });

  it('keeps the message out of the way when the report already said it', () => {
    expect(new RefusedError({ title: 'x' }, '').message).toBe('');
    expect(
      renderReport({
        id: 'u-1',
        resourceCode: '301202/000002',
        status: 'loaded',
        rowsRead: 3,
        rowsLoaded: 1,
        rowsRejected: 2,
        rejections: [{ line: 3, reason: 'population: is not a decimal number' }],
      } as Parameters<typeof renderReport>[0]),
    ).toBe(
      [
        '上传 u-1（资源 301202/000002）：已入库',
        '读取 3 行，载入 1 行，拒绝 2 行',
        '  第 3 行：population: is not a decimal number',
        '  （另有 1 行被拒绝，未逐行列出）',
      ].join('\n'),
    );
  });
});
