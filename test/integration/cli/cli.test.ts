import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_CITY_CODE } from '@govshare/domain/registry';
import { sampleGeography, samplePeople } from '@govshare/functions/registry/sample.ts';
import { sampleDivisions } from '@govshare/functions/registry/seed.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';

/** The real `govshare` bin, as a child process, against the local platform. */
const BIN = fileURLToPath(new URL('../../../packages/cli/bin/govshare.mjs', import.meta.url));
const POPULATION_SURVEY = '301202/000002'; // 人口抽样调查数据 of 统计局: stats-editor may upload it

let local: TestPlatform;
let home: string;
let citizenId: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Asynchronous: the platform answers from this very process, which must not block. */
const govshare = (args: string[], env: Record<string, string> = {}) =>
  new Promise<Run>((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        env: { ...process.env, XDG_CONFIG_HOME: home, GOVSHARE_API: local.platform.apiUrl, ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });

beforeAll(async () => {
  local = await startTestPlatform('cli', { sampleData: true });
  home = await mkdtemp(join(tmpdir(), 'govshare-cli-home-'));
  const geo = sampleGeography(await sampleDivisions(), SAMPLE_CITY_CODE);
  citizenId = ([...samplePeople(1, geo)][0] as { citizenId: string }).citizenId;
});

afterAll(async () => {
  await local?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('govshare, the CLI', () => {
  it('refuses a missing file with exit code 2 before any request', async () => {
    // An API nobody listens on: a request would have failed with exit code 1, not 2.
    const run = await govshare(['upload', join(home, 'missing.csv'), '--resource', POPULATION_SURVEY], {
      GOVSHARE_API: 'http://127.0.0.1:9',
    });
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toContain('文件不存在');
  });

  it('logs in as a sample user, keeping the token in a 0600 file and never printing it', async () => {
    const run = await govshare(['login', '--user', 'stats-editor']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('已登录');
    expect(run.stdout).toContain('stats-editor');
    const path = join(home, 'govshare', 'credentials.json');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const { token } = JSON.parse(await readFile(path, 'utf8'))[local.platform.apiUrl];
    expect(token).toMatch(/^ey/);
    expect(run.stdout + run.stderr).not.toContain(token);
  });

  it('uploads a CSV to a resource of its unit and prints the row report', async () => {
    const csv = join(home, 'survey.csv');
    await writeFile(
      csv,
      'regionCode,year,population\n611002,2025,53.2\n611021,2025,很多\n611022,2025,30.1\n',
    );
    const run = await govshare(['upload', csv, '--resource', POPULATION_SURVEY]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('读取 3 行，载入 2 行，拒绝 1 行');
    expect(run.stdout).toMatch(/第 3 行：population: /);

    const json = await govshare(['--json', 'upload', csv, '--resource', POPULATION_SURVEY]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      status: 'loaded',
      resourceCode: POPULATION_SURVEY,
      rowsRead: 3,
      rowsLoaded: 2,
      rowsRejected: 1,
      rejections: [{ line: 3 }],
    });
  });

  it('searches the catalogue', async () => {
    const run = await govshare(['--json', 'search', '人口', '--limit', '5']);
    expect(run.code).toBe(0);
    const found = JSON.parse(run.stdout);
    expect(found.hits.map((hit: { code: string }) => hit.code)).toContain(POPULATION_SURVEY);
  });

  it('looks a person up as the relief system, masked under its grant, and shows refusals', async () => {
    expect((await govshare(['login', '--user', 'civil-affairs-relief-system'])).code).toBe(0);
    const run = await govshare(['--json', 'person', citizenId, '--purpose', '低保审核']);
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout);
    expect(answer.grant).toEqual(expect.any(String));
    expect(answer.record.citizenId).toContain('*');
    expect(answer.record.citizenId.slice(-4)).toBe(citizenId.slice(-4));

    const refused = await govshare(['person', '123', '--purpose', '低保审核']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('错误：');
    expect(refused.stderr).toContain('params.citizenId');
  });

  it("lists the unit's grants, all of them, as the API's pages list them", async () => {
    expect((await govshare(['login', '--user', 'civil-affairs-relief-system'])).code).toBe(0);
    const run = await govshare(['--json', 'grants']);
    expect(run.code, run.stderr).toBe(0);
    const { items } = JSON.parse(run.stdout) as { items: { id: string; resourceCode: string }[] };
    const token = await local.tokenFor('civil-affairs-relief-system');
    const pages: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await local.request(
        'GET',
        `/v1/sharing/grants?as=consumer&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        { token },
      );
      pages.push(...(page.json.items as { id: string }[]).map((grant) => grant.id));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(items.map((grant) => grant.id)).toEqual(pages);
    expect(items.map((grant) => grant.resourceCode)).toEqual(
      expect.arrayContaining(['101/000001', '102/000001']),
    );
  });
});
