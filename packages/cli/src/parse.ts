import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { UsageError } from './errors.ts';

export const DEFAULT_API = 'http://localhost:3000';

export type CommandName =
  | 'login'
  | 'logout'
  | 'whoami'
  | 'upload'
  | 'search'
  | 'request-access'
  | 'grants'
  | 'person'
  | 'company';

export interface GlobalOptions {
  /** The API's base URL: --api, else GOVSHARE_API, else http://localhost:3000. */
  api: string;
  /** Machine-readable output on stdout (the API's own keys); refusals as their problem+json. */
  json: boolean;
}

export interface ParsedCommand {
  command: CommandName;
  args: string[];
  options: Record<string, unknown>;
  global: GlobalOptions;
}

/** What parsing ended with instead of a command: help or the version was printed. */
export interface Printed {
  printed: string;
}

const positiveInteger = (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('需要正整数');
  return number;
};
const list = (value: string) =>
  value
    .split(/[,，]/)
    .map((part) => part.trim())
    .filter(Boolean);
const date = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new InvalidArgumentError('需要日期 YYYY-MM-DD');
  return value;
};
const apiUrl = (value: string) => {
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol))
    throw new InvalidArgumentError('需要 http(s) 地址');
  return value.replace(/\/+$/, '');
};

function defaultApi(env: NodeJS.ProcessEnv): string {
  if (!env.GOVSHARE_API) return DEFAULT_API;
  try {
    return apiUrl(env.GOVSHARE_API);
  } catch {
    throw new UsageError(`GOVSHARE_API 不是 http(s) 地址：${env.GOVSHARE_API}`);
  }
}

/**
 * The command line, parsed by commander: which command, its arguments and options, the global ones.
 * Nothing runs and nothing is sent here; a bad command line is a UsageError (exit code 2).
 */
export async function parseCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<ParsedCommand | Printed> {
  let parsed: ParsedCommand | undefined;
  let output = '';
  const program = new Command('govshare')
    .description('govshare 数据共享平台命令行：登录、上传数据集、检索目录、申请共享、查询基础库')
    .version('0.1.0')
    .addOption(
      new Option('--api <url>', 'API 地址（或环境变量 GOVSHARE_API）')
        .default(defaultApi(env))
        .argParser(apiUrl),
    )
    .option('--json', '输出 JSON（键名与 API 一致），供脚本使用', false)
    .exitOverride()
    .showHelpAfterError('(govshare --help 查看用法)')
    .configureOutput({
      writeOut: (text) => {
        output += text;
      },
      writeErr: (text) => {
        output += text;
      },
    });

  const on =
    (command: CommandName) =>
    (...received: unknown[]) => {
      const self = received.at(-1) as Command;
      const options = received.at(-2) as Record<string, unknown>;
      const args = received.slice(0, -2) as string[];
      const { api, json } = self.optsWithGlobals() as GlobalOptions;
      parsed = { command, args, options, global: { api: api ?? DEFAULT_API, json: Boolean(json) } };
    };

  program
    .command('login')
    .description('登录：本地用开发签发（--user），部署环境用客户端凭据（--client-id）')
    .option('--user <id>', '示例用户编号（本地开发签发 POST /v1/dev/token），如 egov-admin')
    .option('--client-id <id>', '客户端凭据登录的 client_id')
    .option(
      '--client-secret-env <name>',
      '存放 client_secret 的环境变量名（密钥不经命令行传递）',
      'GOVSHARE_CLIENT_SECRET',
    )
    .option('--token-url <url>', '签发方的令牌端点（如 Cognito 的 https://…/oauth2/token）')
    .option('--scope <scopes>', '申请的 scope（空格分隔）')
    .action(on('login'));
  program.command('logout').description('删除保存的令牌').action(on('logout'));
  program.command('whoami').description('当前登录的用户、单位与角色').action(on('whoami'));
  program
    .command('upload')
    .description('上传数据集文件：先在本地检查编码，再显示上传与入库进度，最后输出逐行报告')
    .argument('<file>', 'CSV 或 JSON Lines 文件')
    .requiredOption('--resource <code>', '信息资源编码，如 301202/000002')
    .option('--encoding <name>', '文件编码：utf-8、gbk、gb18030', 'utf-8')
    .option('--format <format>', '文件格式：csv、jsonl（默认按扩展名）')
    .option('--timeout <seconds>', '等待入库完成的最长秒数', positiveInteger, 900)
    .action(on('upload'));
  program
    .command('search')
    .description('检索共享目录')
    .argument('[query]', '检索词，如 人口', '')
    .option('--provider <unit>', '提供单位编码')
    .option('--category <category>', '目录类别')
    .option('--share-type <type>', '共享类型：unconditional、conditional、not-shared')
    .option('--limit <n>', '返回条数', positiveInteger, 20)
    .option('--cursor <cursor>', '下一页游标')
    .action(on('search'));
  program
    .command('request-access')
    .description('申请共享某信息资源（无条件共享即时授权）')
    .argument('<code>', '信息资源编码，如 101/000001')
    .requiredOption('--purpose <text>', '用途')
    .requiredOption('--items <names>', '信息项，逗号分隔', list)
    .requiredOption('--legal-basis <text>', '依据')
    .option('--until <date>', '有效期至（默认一年后）', date)
    .option('--for-principal <id>', '仅授权本单位的某个系统或用户')
    .action(on('request-access'));
  program
    .command('grants')
    .description('本单位的授权')
    .addOption(new Option('--as <side>', '作为使用方或提供方').choices(['consumer', 'provider']))
    .action(on('grants'));
  for (const [name, what] of [
    ['person', '按身份证号查询人口基础信息'],
    ['company', '按统一社会信用代码查询法人基础信息'],
  ] as const) {
    program
      .command(name)
      .description(what)
      .argument(name === 'person' ? '<citizenId>' : '<creditCode>')
      .requiredOption('--purpose <text>', '用途（记入审计）')
      .option('--items <names>', '只要这些信息项，逗号分隔', list)
      .option('--grant <id>', '指定计费的授权')
      .action(on(name));
  }

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return { printed: output };
      throw new UsageError(output.trim() || error.message);
    }
    throw error;
  }
  if (!parsed) return { printed: output || program.helpInformation() };
  return parsed;
}
