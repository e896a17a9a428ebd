import { createGovshareClient, type GovshareClient } from '@govshare/client';
import { codeToPathSegment } from '@govshare/domain/catalogue';
import { cstDay } from '@govshare/domain/kernel';
import type { Grant } from '@govshare/domain/sharing';
import { forgetLogin, loadLogin, type SavedLogin, saveLogin } from './credentials.ts';
import { problemOf, RefusedError, UsageError } from './errors.ts';
import { type Io, labelOf, print, recordLabels, renderFields } from './output.ts';
import type { ParsedCommand } from './parse.ts';
import { uploadDataset } from './upload.ts';

/** What every command gets: where the API is, how to answer, the typed client with the saved token. */
export interface CommandContext {
  io: Io;
  api: string;
  json: boolean;
  client: GovshareClient;
  /** The saved login for this API, or a UsageError telling how to sign in. */
  login(): Promise<SavedLogin>;
}

type Answer<D> = { data?: D; error?: unknown; response: Response };

/**
 * The answer of one call through the typed client (typed as the route's response schema says), or a
 * RefusedError carrying its problem+json.
 */
export async function answerOf<D>(api: string, call: Promise<Answer<D>>): Promise<D> {
  let result: Answer<D>;
  try {
    result = await call;
  } catch (error) {
    throw new RefusedError({ title: '无法连接 API', detail: `${api}：${(error as Error).message}` });
  }
  if (result.error !== undefined || !result.response.ok) {
    throw new RefusedError(problemOf(result.error, result.response.status, result.response.statusText));
  }
  return result.data as D;
}

export function contextFor(parsed: ParsedCommand, io: Io): CommandContext {
  const { api, json } = parsed.global;
  let token: string | undefined;
  const client = createGovshareClient(api, () => token, io.fetch ? { fetch: io.fetch } : {});
  return {
    io,
    api,
    json,
    client,
    async login() {
      const saved = await loadLogin(io.env, api);
      if (!saved) throw new UsageError(`尚未登录 ${api}（或令牌已过期）：先运行 govshare login`);
      token = saved.token;
      return saved;
    },
  };
}

interface Me {
  subject: string;
  roles: string[];
  unit: { code: string; name?: string };
}

const renderMe = (me: Me) =>
  `${me.subject}（${me.unit.name ?? me.unit.code} ${me.unit.code}）角色：${me.roles.join('、') || '—'}`;

async function login(ctx: CommandContext, options: Record<string, unknown>): Promise<void> {
  const user = options.user as string | undefined;
  const clientId = options.clientId as string | undefined;
  if (Boolean(user) === Boolean(clientId))
    throw new UsageError('login 需要 --user（本地开发签发）或 --client-id（客户端凭据）之一');
  const issued = user ? await devToken(ctx, user) : await clientCredentials(ctx, clientId as string, options);
  const saved: SavedLogin = {
    token: issued.token,
    subject: user ?? (clientId as string),
    via: user ? 'dev-issuer' : 'client-credentials',
    ...(issued.expiresIn ? { expiresAt: new Date(Date.now() + issued.expiresIn * 1000).toISOString() } : {}),
  };
  // Checked before it is kept: a token the directory does not know is refused here, not later.
  const me = await answerOf(
    ctx.api,
    ctx.client.GET('/v1/me', { headers: { authorization: `Bearer ${saved.token}` } }),
  );
  await saveLogin(ctx.io.env, ctx.api, saved);
  print(ctx.io, ctx.json, { ...me, expiresAt: saved.expiresAt ?? null }, () =>
    [
      `已登录 ${ctx.api}：${renderMe(me)}`,
      saved.expiresAt ? `令牌有效至 ${beijingTime(saved.expiresAt)}` : '',
    ]
      .filter(Boolean)
      .join('\n'),
  );
}

async function devToken(ctx: CommandContext, userId: string) {
  const issued = await answerOf(ctx.api, ctx.client.POST('/v1/dev/token', { body: { userId } }));
  return { token: issued.access_token, expiresIn: issued.expires_in };
}

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4) at the deployment's issuer: the token endpoint is the
 * issuer's, not the govshare API's, so it is the one call not made through the typed client. The
 * secret comes from an environment variable, never from the command line (it would be in `ps`).
 */
async function clientCredentials(ctx: CommandContext, clientId: string, options: Record<string, unknown>) {
  const tokenUrl = options.tokenUrl as string | undefined;
  if (!tokenUrl) throw new UsageError('客户端凭据登录需要 --token-url（签发方的令牌端点）');
  const secretVariable = options.clientSecretEnv as string;
  const secret = ctx.io.env[secretVariable];
  if (!secret) throw new UsageError(`环境变量 ${secretVariable} 未设置：它应存放 client_secret`);
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (options.scope) form.set('scope', options.scope as string);
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString(
    'base64',
  );
  let response: Response;
  try {
    response = await (ctx.io.fetch ?? fetch)(tokenUrl, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
  } catch (error) {
    throw new RefusedError({ title: '无法连接令牌端点', detail: `${tokenUrl}：${(error as Error).message}` });
  }
  const body = (await response.json().catch(() => ({}))) as {
    access_token?: string;
    expires_in?: number;
    error?: string;
    error_description?: string;
  };
  if (!response.ok || !body.access_token) {
    throw new RefusedError({
      title: body.error ?? '令牌端点拒绝了客户端凭据',
      status: response.status,
      ...(body.error_description ? { detail: body.error_description } : {}),
    });
  }
  return { token: body.access_token, expiresIn: body.expires_in };
}

interface SearchAnswer {
  total: number;
  hits: { code: string; name: string; providerUnit: string; shareType: string; updateCycle: string }[];
  cursor?: string;
}

const SHARE_TYPES: Readonly<Record<string, string>> = {
  unconditional: '无条件共享',
  conditional: '有条件共享',
  'not-shared': '不予共享',
};

const renderSearch = (found: SearchAnswer) =>
  [
    `共 ${found.total} 条`,
    ...found.hits.map(
      (hit) =>
        `${hit.code}  ${hit.name}  提供单位 ${hit.providerUnit}  ${SHARE_TYPES[hit.shareType] ?? hit.shareType}`,
    ),
    ...(found.cursor ? [`下一页：--cursor ${found.cursor}`] : []),
  ].join('\n');

const renderGrants = ({ items }: { items: Grant[] }) =>
  items.length === 0
    ? '没有授权'
    : items
        .map((grant) =>
          [
            `${grant.id}  ${grant.resourceCode}  ${grant.providerUnit} → ${grant.consumerUnit}`,
            `  ${labelOf('items')}：${grant.items.join('、')}`,
            `  ${labelOf('purpose')}：${grant.purpose}  ${labelOf('expiresAt')}：${grant.expiresAt}${
              grant.revokedAt ? `  已撤销 ${grant.revokedAt}` : ''
            }`,
          ].join('\n'),
        )
        .join('\n');

/** A year from today, today being the day in China Standard Time (before 08:00 CST the UTC date is yesterday's). */
const oneYearFromToday = () => {
  const [year, month, day] = cstDay(new Date()).split('-');
  return `${Number(year) + 1}-${month}-${day === '29' && month === '02' ? '28' : day}`;
};

const BEIJING = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as people here read it: 2026/12/02 15:55（北京时间）. */
const beijingTime = (iso: string) => `${BEIJING.format(new Date(iso))}（北京时间）`;

const lookupQuery = (options: Record<string, unknown>) => ({
  purpose: options.purpose as string,
  ...(options.grant ? { grant: options.grant as string } : {}),
  ...(options.items ? { items: (options.items as string[]).join(',') } : {}),
});

/** Runs one parsed command; throws UsageError / RefusedError for the caller to render. */
export async function runCommand(parsed: ParsedCommand, io: Io): Promise<void> {
  const ctx = contextFor(parsed, io);
  const { args, options } = parsed;
  const [first = ''] = args;
  switch (parsed.command) {
    case 'login':
      return login(ctx, options);
    case 'logout': {
      const forgotten = await forgetLogin(io.env, ctx.api);
      return print(io, ctx.json, { api: ctx.api, loggedOut: forgotten }, () =>
        forgotten ? `已退出 ${ctx.api}` : `未登录 ${ctx.api}`,
      );
    }
    case 'whoami': {
      await ctx.login();
      return print(io, ctx.json, await answerOf(ctx.api, ctx.client.GET('/v1/me')), renderMe);
    }
    case 'upload':
      return uploadDataset(ctx, first, options);
    case 'search': {
      await ctx.login();
      const found = await answerOf(
        ctx.api,
        ctx.client.GET('/v1/catalogue/search', {
          params: {
            query: {
              ...(first ? { q: first } : {}),
              ...(options.provider ? { provider: options.provider as string } : {}),
              ...(options.category ? { category: options.category as string } : {}),
              ...(options.shareType ? { shareType: options.shareType as string } : {}),
              ...(options.cursor ? { cursor: options.cursor as string } : {}),
              limit: options.limit as number,
            },
          },
        }),
      );
      return print(io, ctx.json, found, renderSearch);
    }
    case 'request-access': {
      await ctx.login();
      const answer = await answerOf(
        ctx.api,
        ctx.client.POST('/v1/catalogue/resources/{code}/access-requests', {
          params: {
            path: { code: codeToPathSegment(first) },
            header: { 'Idempotency-Key': crypto.randomUUID() },
          },
          body: {
            purpose: options.purpose as string,
            items: options.items as string[],
            legalBasis: options.legalBasis as string,
            until: (options.until as string | undefined) ?? oneYearFromToday(),
            ...(options.forPrincipal ? { forPrincipal: options.forPrincipal as string } : {}),
          },
        }),
      );
      return print(
        io,
        ctx.json,
        answer,
        (data: unknown) => `已提交共享申请：\n${renderFields(data, labelOf, '  ')}`,
      );
    }
    case 'grants': {
      await ctx.login();
      // The API answers a page at a time: the unit's grants are few enough to print them all.
      const items: Grant[] = [];
      let cursor: string | undefined;
      do {
        const page = await answerOf(
          ctx.api,
          ctx.client.GET('/v1/sharing/grants', {
            params: {
              query: {
                ...(options.as ? { as: options.as as 'consumer' | 'provider' } : {}),
                limit: 100,
                ...(cursor ? { cursor } : {}),
              },
            },
          }),
        );
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return print(io, ctx.json, { items }, renderGrants);
    }
    case 'person': {
      await ctx.login();
      const person = await answerOf(
        ctx.api,
        ctx.client.GET('/v1/registry/people/{citizenId}', {
          params: { path: { citizenId: first }, query: lookupQuery(options) },
        }),
      );
      return print(io, ctx.json, person, (data: unknown) => renderFields(data, recordLabels('population')));
    }
    case 'company': {
      await ctx.login();
      const company = await answerOf(
        ctx.api,
        ctx.client.GET('/v1/registry/companies/{creditCode}', {
          params: { path: { creditCode: first }, query: lookupQuery(options) },
        }),
      );
      return print(io, ctx.json, company, (data: unknown) =>
        renderFields(data, recordLabels('legalEntities')),
      );
    }
  }
}
