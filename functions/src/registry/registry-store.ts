import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Division, PeriodKind } from '@govshare/domain/registry';
import type { Indicator, SampleCompany, SamplePerson, SeriesPoint } from './sample.ts';

/**
 * The base databases on the `registry` table.
 *   person:    pk PERSON#<citizen ID>           sk PERSON
 *   company:   pk COMPANY#<credit code>         sk COMPANY   gsi1pk COMPANY_NAME#<first char>  gsi1sk <name>#<code>
 *   series:    pk SERIES#<indicator>#<region>   sk <Y|Q|M>#<period>
 *   indicator: pk INDICATOR                     sk <code>
 *   division:  pk DIVISION#<code>               sk DIVISION  gsi1pk DIVISION_CHILDREN#<parent>  gsi1sk <code>
 * Company names are indexed per first character, so prefix searches stay on one index partition
 * without every name sharing one.
 */
export type Person = SamplePerson;
export type Company = SampleCompany;

const KIND_KEY: Record<PeriodKind, string> = { year: 'Y', quarter: 'Q', month: 'M' };
const periodKindOf = (period: string): PeriodKind =>
  period.includes('Q') ? 'quarter' : period.includes('-') ? 'month' : 'year';

export const registryKeys = {
  person: (id: string) => ({ pk: `PERSON#${id}`, sk: 'PERSON' }),
  company: (code: string) => ({ pk: `COMPANY#${code}`, sk: 'COMPANY' }),
  companyName: (name: string) => `COMPANY_NAME#${[...name][0] ?? ''}`,
  series: (indicator: string, region: string) => `SERIES#${indicator}#${region}`,
  period: (period: string) => `${KIND_KEY[periodKindOf(period)]}#${period}`,
  division: (code: string) => ({ pk: `DIVISION#${code}`, sk: 'DIVISION' }),
  children: (parent: string | undefined) => `DIVISION_CHILDREN#${parent ?? 'ROOT'}`,
};

/** Items as stored, for the seed (and tests) to write. */
export const registryItems = {
  person: (p: Person) => ({ ...registryKeys.person(p.citizenId), ...p }),
  company: (c: Company) => ({
    ...registryKeys.company(c.creditCode),
    gsi1pk: registryKeys.companyName(c.name),
    gsi1sk: `${c.name}#${c.creditCode}`,
    ...c,
  }),
  series: (s: SeriesPoint) => ({
    pk: registryKeys.series(s.indicator, s.regionCode),
    sk: registryKeys.period(s.period),
    ...s,
  }),
  indicator: (i: Indicator) => ({ pk: 'INDICATOR', sk: i.code, ...i }),
  division: (d: Division) => ({
    ...registryKeys.division(d.code),
    gsi1pk: registryKeys.children(d.parentCode),
    gsi1sk: d.code,
    ...d,
  }),
};

export interface RegistryStore {
  person(id: string): Promise<Person | undefined>;
  /** Every person of `ids` found, in no particular order (at most 100 ids). */
  people(ids: readonly string[]): Promise<Map<string, Person>>;
  company(code: string): Promise<Company | undefined>;
  /** Companies whose name equals (exact) or starts with `name`, by name. */
  companiesByName(name: string, match: 'exact' | 'prefix', limit: number): Promise<Company[]>;
  series(indicator: string, region: string, from: string, to: string): Promise<SeriesPoint[]>;
  indicators(): Promise<Indicator[]>;
  division(code: string): Promise<Division | undefined>;
  children(code: string | undefined): Promise<Division[]>;
  /** Writes items in batches of 25, retrying unprocessed ones (the seed). */
  writeAll(items: readonly Record<string, unknown>[]): Promise<void>;
}

const strip = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...rest } = item;
  return rest as T;
};

const MAX_ATTEMPTS = 8;
const backoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));

export function dynamoRegistryStore(client: DynamoDBDocumentClient, table: string): RegistryStore {
  const queryAll = async (input: ConstructorParameters<typeof QueryCommand>[0], limit = Infinity) => {
    const items: Record<string, unknown>[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          ...input,
          ExclusiveStartKey: cursor,
          ...(Number.isFinite(limit) ? { Limit: limit - items.length } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      cursor = page.LastEvaluatedKey;
    } while (cursor && items.length < limit);
    return items;
  };

  return {
    async person(id) {
      const { Item } = await client.send(new GetCommand({ TableName: table, Key: registryKeys.person(id) }));
      return Item ? strip<Person>(Item) : undefined;
    },

    async people(ids) {
      const found = new Map<string, Person>();
      // BatchGetItem may return part of the keys as unprocessed (throttling, 16 MB): ask again for those.
      let keys: Record<string, unknown>[] = [...new Set(ids)].map((id) => registryKeys.person(id));
      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt >= MAX_ATTEMPTS) throw new Error('BatchGetItem left keys unprocessed after retries');
        if (attempt > 0) await backoff(attempt);
        const result = await client.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys } } }));
        for (const item of result.Responses?.[table] ?? []) {
          const person = strip<Person>(item);
          found.set(person.citizenId, person);
        }
        keys = result.UnprocessedKeys?.[table]?.Keys ?? [];
      }
      return found;
    },

    async company(code) {
      const { Item } = await client.send(
        new GetCommand({ TableName: table, Key: registryKeys.company(code) }),
      );
      return Item ? strip<Company>(Item) : undefined;
    },

    async companiesByName(name, match, limit) {
      const items = await queryAll(
        {
          TableName: table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :n)',
          ExpressionAttributeValues: {
            ':p': registryKeys.companyName(name),
            ':n': match === 'exact' ? `${name}#` : name,
          },
        },
        limit,
      );
      return items.map((item) => strip<Company>(item));
    },

    async series(indicator, region, from, to) {
      const items = await queryAll({
        TableName: table,
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':p': registryKeys.series(indicator, region),
          ':from': registryKeys.period(from),
          ':to': registryKeys.period(to),
        },
      });
      return items.map((item) => strip<SeriesPoint>(item));
    },

    async indicators() {
      const items = await queryAll({
        TableName: table,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': 'INDICATOR' },
      });
      return items.map((item) => strip<Indicator>(item));
    },

    async division(code) {
      const { Item } = await client.send(
        new GetCommand({ TableName: table, Key: registryKeys.division(code) }),
      );
      return Item ? strip<Division>(Item) : undefined;
    },

    async children(code) {
      const items = await queryAll({
        TableName: table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': registryKeys.children(code) },
      });
      return items.map((item) => strip<Division>(item));
    },

    async writeAll(items) {
      for (let start = 0; start < items.length; start += 25) {
        let requests: NonNullable<
          ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']
        >[string] = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
        for (let attempt = 0; requests.length > 0; attempt++) {
          if (attempt >= MAX_ATTEMPTS) throw new Error('BatchWriteItem left items unprocessed after retries');
          if (attempt > 0) await backoff(attempt);
          const result = await client.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
          requests = result.UnprocessedItems?.[table] ?? [];
        }
      }
    },
  };
}
