import { DEFAULT_API, type ParsedCommand, parseCommand, UsageError } from '@govshare/cli';
import { describe, expect, it } from 'vitest';

const parse = async (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const parsed = await parseCommand(argv, env);
  if ('printed' in parsed) throw new Error(`printed instead of a command: ${parsed.printed}`);
  return parsed as ParsedCommand;
};

describe('govshare command line', () => {
  it('parses upload with its file, resource, encoding and the global options', async () => {
    const parsed = await parse([
      '--json',
      'upload',
      'people.csv',
      '--resource',
      '301202/000002',
      '--encoding',
      'gb18030',
      '--api',
      'http://localhost:3993/',
    ]);
    expect(parsed).toMatchObject({
      command: 'upload',
      args: ['people.csv'],
      options: { resource: '301202/000002', encoding: 'gb18030', timeout: 900 },
      global: { api: 'http://localhost:3993', json: true },
    });
  });

  it('takes the API from GOVSHARE_API, else the local default; --api wins', async () => {
    expect((await parse(['grants'])).global).toEqual({ api: DEFAULT_API, json: false });
    const fromEnv = await parse(['grants'], { GOVSHARE_API: 'https://data.example.gov.cn' });
    expect(fromEnv.global.api).toBe('https://data.example.gov.cn');
    const flag = await parse(['grants', '--api', 'http://127.0.0.1:1'], {
      GOVSHARE_API: 'https://x.example',
    });
    expect(flag.global.api).toBe('http://127.0.0.1:1');
    await expect(parseCommand(['grants'], { GOVSHARE_API: 'not a url' })).rejects.toThrow(UsageError);
  });

  it('splits --items on commas (also the full-width one) and checks --until', async () => {
    const parsed = await parse([
      'request-access',
      '101/000001',
      '--purpose',
      '低保审核',
      '--items',
      'citizenId, name，sex',
      '--legal-basis',
      '《社会救助暂行办法》',
      '--until',
      '2027-12-31',
    ]);
    expect(parsed.args).toEqual(['101/000001']);
    expect(parsed.options).toMatchObject({ items: ['citizenId', 'name', 'sex'], until: '2027-12-31' });
    await expect(
      parseCommand(
        ['request-access', 'x', '--purpose', 'p', '--items', 'a', '--legal-basis', 'b', '--until', '明年'],
        {},
      ),
    ).rejects.toThrow(/YYYY-MM-DD/);
  });

  it('parses login, search, person and company', async () => {
    expect((await parse(['login', '--user', 'egov-admin'])).options).toMatchObject({
      user: 'egov-admin',
      clientSecretEnv: 'GOVSHARE_CLIENT_SECRET',
    });
    expect(await parse(['search', '人口', '--limit', '5'])).toMatchObject({
      command: 'search',
      args: ['人口'],
      options: { limit: 5 },
    });
    expect(
      await parse(['person', '611022194205098568', '--purpose', '核验', '--items', 'name']),
    ).toMatchObject({
      command: 'person',
      args: ['611022194205098568'],
      options: { purpose: '核验', items: ['name'] },
    });
    expect((await parse(['company', '91611000MA0000000X', '--purpose', '核验'])).command).toBe('company');
  });

  it('refuses bad usage with a UsageError (exit code 2): unknown command, missing argument or option', async () => {
    for (const argv of [
      ['bogus'],
      ['upload'],
      ['upload', 'a.csv'],
      ['person', '611022194205098568'],
      ['grants', '--as', 'neighbour'],
      ['search', '--limit', '0'],
      ['request-access', '101/000001', '--purpose', 'p'],
    ]) {
      await expect(parseCommand(argv, {}), argv.join(' ')).rejects.toBeInstanceOf(UsageError);
    }
  });

  it('prints help and the version instead of running a command', async () => {
    const help = await parseCommand(['--help'], {});
    expect(help).toMatchObject({ printed: expect.stringContaining('upload [options] <file>') });
    expect(await parseCommand(['upload', '--help'], {})).toMatchObject({
      printed: expect.stringContaining('--encoding'),
    });
    expect(await parseCommand(['--version'], {})).toEqual({ printed: '0.1.0\n' });
  });
});
