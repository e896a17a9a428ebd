import { type DynamoDBDocumentClient, GetCommand, type QueryCommand } from '@aws-sdk/lib-dynamodb';
import type {
  Company,
  Division,
  Indicator,
  PeriodKind,
  Person,
  SeriesPoint,
} from '@govshare/domain/registry';
import { batchGetAll, queryAll } from '../platform/dynamo.ts';

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
}

const strip = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...rest } = item;
  return rest as T;
};

export function dynamoRegistryStore(client: DynamoDBDocumentClient, table: string): RegistryStore {
  const queryItems = (
    input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>,
    limit?: number,
  ) => queryAll(client, { TableName: table, ...input }, limit);

  return {
    async person(id) {
      const { Item } = await client.send(new GetCommand({ TableName: table, Key: registryKeys.person(id) }));
      return Item ? strip<Person>(Item) : undefined;
    },

    async people(ids) {
      const found = new Map<string, Person>();
      const items = await batchGetAll(
        client,
        table,
        [...new Set(ids)].map((id) => registryKeys.person(id)),
      );
      for (const item of items) {
        const person = strip<Person>(item);
        found.set(person.citizenId, person);
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
      const items = await queryItems(
        {
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
      const items = await queryItems({
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
      const items = await queryItems({
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
      const items = await queryItems({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': registryKeys.children(code) },
      });
      return items.map((item) => strip<Division>(item));
    },
  };
}
