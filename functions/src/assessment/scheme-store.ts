import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type AssessmentScheme,
  parseAssessmentScheme,
  SAMPLE_ASSESSMENT_SCHEME,
} from '@govshare/domain/assessment';
import { ConflictError } from '@govshare/domain/kernel';
import { isConditionFailure, versionedPuts } from '../platform/dynamo.ts';
import { currentSchemeKey, SCHEME_PK, SCHEME_VERSION_PREFIX, schemeVersionKey } from './table-keys.ts';

/** A saved version of the scheme: the scheme and who saved it when. */
export interface StoredScheme {
  scheme: AssessmentScheme;
  savedAt: string;
  savedBy: string;
}

export interface SchemeStore {
  /** The scheme in force; undefined before the first save (the seed saves the sample). */
  current(): Promise<StoredScheme | undefined>;
  version(version: number): Promise<StoredScheme | undefined>;
  /** Every version, newest first. */
  versions(): Promise<StoredScheme[]>;
  /**
   * Saves `scheme` as version `scheme.version`, which must be the current + 1 (1 for the first):
   * two editors who read the same version cannot both save the next (the second meets a ConflictError).
   */
  save(scheme: AssessmentScheme, by: string, at: string): Promise<StoredScheme>;
}

const toStored = (item: Record<string, unknown>): StoredScheme => ({
  scheme: parseAssessmentScheme(item.scheme),
  savedAt: item.savedAt as string,
  savedBy: item.savedBy as string,
});

export function dynamoSchemeStore(client: DynamoDBDocumentClient, table: string): SchemeStore {
  const get = async (key: { pk: string; sk: string }) => {
    const { Item } = await client.send(new GetCommand({ TableName: table, Key: key }));
    return Item ? toStored(Item) : undefined;
  };
  return {
    current: () => get(currentSchemeKey),
    version: (version) => get(schemeVersionKey(version)),
    async versions() {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': SCHEME_PK, ':prefix': SCHEME_VERSION_PREFIX },
            ScanIndexForward: false,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      return items.map(toStored);
    },
    async save(scheme, by, at) {
      const stored = { scheme, savedAt: at, savedBy: by, version: scheme.version };
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: versionedPuts(table, stored, {
              version: schemeVersionKey(scheme.version),
              current: currentSchemeKey,
            }),
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const now = await get(currentSchemeKey);
        throw new ConflictError(
          `The scheme is at version ${now?.scheme.version ?? 0}: version ${scheme.version} cannot be saved (read it and write version ${(now?.scheme.version ?? 0) + 1})`,
        );
      }
      return { scheme, savedAt: at, savedBy: by };
    },
  };
}

/** The sample scheme, checked, as a fresh start saves it. */
export const sampleScheme = (): AssessmentScheme => parseAssessmentScheme(SAMPLE_ASSESSMENT_SCHEME);
