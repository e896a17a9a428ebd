import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { SEAL_ENV } from '@govshare/blueprint';
import {
  generateSealKeyPair,
  type PrivateSealJwk,
  type PublishedSealKey,
  SEAL_ALGORITHMS,
  type SealAlgorithmName,
  type SealSigningKey,
} from '@govshare/domain/exchange';
import type { Page } from '@govshare/domain/identity';
import { ConflictError } from '@govshare/domain/kernel';
import { kms } from '../platform/aws-clients.ts';
import { decodeKeyCursor, encodeCursor, isConditionFailure, queryAll } from '../platform/dynamo.ts';

/**
 * The units' seal keys (电子印章密钥) on the `exchange` table, one current key per issuing unit:
 *   key:     pk SEALKEY#<unit>  sk <validFrom>#<key id>   the published half, its validity, and the
 *            private JWK encrypted (never in clear); gsi1pk SEALKEYS gsi1sk <unit>#<validFrom>#<key id>
 *            lists every unit's keys
 *   current: pk SEALKEY#<unit>  sk CURRENT                which key seals now
 * A unit's first key is made at its first sign-off: one transaction puts the key and the CURRENT
 * item on condition that none exists, so two first sign-offs at once agree on one key (the loser
 * reads the winner's). Rotation ends the old key's validity and makes a new one, in one transaction
 * on condition that the old one is still current; documents sealed before still verify against the
 * old key, whose validity covers their seal's time.
 *
 * Private keys are encrypted by a SealKeyCipher: locally AES-256-GCM under a key read from a file
 * of the data folder (mode 0600, SEAL_ENV.keyFile), in AWS by KMS under the platform's key
 * (SEAL_ENV.kmsKeyId), each bound to its unit and key id (GCM's additional data, KMS's encryption
 * context), so one unit's encrypted key cannot pass for another's. No KMS emulator runs here, so the
 * KMS adapter is two SDK calls and nothing else; the file adapter is the one the tests exercise.
 */
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface SealKeyBinding {
  unit: string;
  keyId: string;
}

export interface SealKeyCipher {
  /** Written on the key item, so a key encrypted one way is never decrypted the other. */
  readonly scheme: 'local-aes-256-gcm' | 'aws-kms';
  encrypt(plaintext: Uint8Array, binding: SealKeyBinding): Promise<string>;
  decrypt(ciphertext: string, binding: SealKeyBinding): Promise<Uint8Array>;
}

const bindingText = ({ unit, keyId }: SealKeyBinding) => `govshare-seal-key\n${unit}\n${keyId}`;

/** AES-256-GCM under the key in `file` (base64 of 32 bytes), read at first use. */
export function fileSealKeyCipher(file: string): SealKeyCipher {
  let key: Promise<Buffer> | undefined;
  const wrappingKey = () => {
    key ??= readFile(file, 'utf8').then((text) => {
      const bytes = Buffer.from(text.trim(), 'base64');
      if (bytes.length !== 32) throw new Error(`${file} does not hold a 32-byte key in base64`);
      return bytes;
    });
    return key;
  };
  return {
    scheme: 'local-aes-256-gcm',
    async encrypt(plaintext, binding) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', await wrappingKey(), iv);
      cipher.setAAD(Buffer.from(bindingText(binding), 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    async decrypt(ciphertext, binding) {
      const bytes = Buffer.from(ciphertext, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', await wrappingKey(), bytes.subarray(0, 12));
      decipher.setAAD(Buffer.from(bindingText(binding), 'utf8'));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return new Uint8Array(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]));
    },
  };
}

/** KMS Encrypt/Decrypt under `keyId`, with the unit and key id as encryption context. */
export function kmsSealKeyCipher(client: KMSClient, keyId: string): SealKeyCipher {
  const context = ({ unit, keyId: sealKeyId }: SealKeyBinding) => ({
    purpose: 'govshare-seal-key',
    unit,
    keyId: sealKeyId,
  });
  return {
    scheme: 'aws-kms',
    async encrypt(plaintext, binding) {
      const { CiphertextBlob } = await client.send(
        new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: context(binding) }),
      );
      if (!CiphertextBlob) throw new Error('KMS returned no ciphertext');
      return Buffer.from(CiphertextBlob).toString('base64');
    },
    async decrypt(ciphertext, binding) {
      const { Plaintext } = await client.send(
        new DecryptCommand({
          KeyId: keyId,
          CiphertextBlob: Buffer.from(ciphertext, 'base64'),
          EncryptionContext: context(binding),
        }),
      );
      if (!Plaintext) throw new Error('KMS returned no plaintext');
      return Plaintext;
    },
  };
}

/** The cipher of a deployed function: KMS when SEAL_KMS_KEY_ID is set, else the local key file. */
export function sealKeyCipherFromEnv(env: NodeJS.ProcessEnv = process.env): SealKeyCipher {
  const kmsKeyId = env[SEAL_ENV.kmsKeyId]?.trim();
  if (kmsKeyId) return kmsSealKeyCipher(kms(), kmsKeyId);
  const file = env[SEAL_ENV.keyFile]?.trim();
  if (file) return fileSealKeyCipher(file);
  throw new Error(
    `Neither ${SEAL_ENV.kmsKeyId} nor ${SEAL_ENV.keyFile} is set: give the function sealKeys: true`,
  );
}

/** The algorithm of new keys: SM2-SM3 unless SEAL_ALGORITHM names the other. */
export function sealAlgorithmFromEnv(env: NodeJS.ProcessEnv = process.env): SealAlgorithmName {
  const named = env[SEAL_ENV.algorithm]?.trim();
  if (!named) return 'SM2-SM3';
  if (!Object.hasOwn(SEAL_ALGORITHMS, named)) {
    throw new Error(`${SEAL_ENV.algorithm} must be one of ${Object.keys(SEAL_ALGORITHMS).join(', ')}`);
  }
  return named as SealAlgorithmName;
}

export interface SealKeyStore {
  /**
   * The unit's current key, to seal with at `now`; made if the unit has none yet (its first
   * sign-off). Also the condition to put in the sealing transaction: that key is still current.
   */
  signingKey(
    unit: string,
    now: Date,
  ): Promise<{
    key: PublishedSealKey;
    signing: SealSigningKey;
    /** The same private key as stored (encrypted), for a function that signs with it but may not read the table. */
    encrypted: EncryptedSealKey;
    stillCurrent: TransactItem;
  }>;
  /** Every key the unit has had, oldest first. */
  keysOf(unit: string): Promise<PublishedSealKey[]>;
  /** Every unit's keys, by unit then age. */
  list(page: { limit: number; cursor?: string }): Promise<Page<PublishedSealKey>>;
  /** Ends the current key's validity now and makes the next (or the first, if there is none). */
  rotate(unit: string, now: Date): Promise<{ previous?: PublishedSealKey; current: PublishedSealKey }>;
}

const partition = (unit: string) => `SEALKEY#${unit}`;
const CURRENT = 'CURRENT';
const LISTED = 'SEALKEYS';
const keySort = (key: Pick<PublishedSealKey, 'validFrom' | 'keyId'>) => `${key.validFrom}#${key.keyId}`;

/** A private seal key as stored: encrypted, bound to its unit and key id. */
export interface EncryptedSealKey extends Pick<PublishedSealKey, 'unit' | 'keyId' | 'algorithm'> {
  encryption: SealKeyCipher['scheme'];
  encryptedPrivateKey: string;
}

interface KeyItem extends PublishedSealKey, EncryptedSealKey {}

const encryptedOf = (item: KeyItem): EncryptedSealKey => ({
  unit: item.unit,
  keyId: item.keyId,
  algorithm: item.algorithm,
  encryption: item.encryption,
  encryptedPrivateKey: item.encryptedPrivateKey,
});

/**
 * Decrypts stored private keys with `cipher`, each once for the life of the instance (one
 * decryption per key, not per seal); a failed decryption is not kept, so the next seal tries again.
 */
export function sealKeyDecrypter(cipher: SealKeyCipher): (key: EncryptedSealKey) => Promise<SealSigningKey> {
  const decrypted = new Map<string, Promise<SealSigningKey>>();
  return (item) => {
    let key = decrypted.get(item.keyId);
    if (!key) {
      if (item.encryption !== cipher.scheme) {
        throw new Error(`Seal key ${item.keyId} is encrypted by ${item.encryption}, not ${cipher.scheme}`);
      }
      key = cipher
        .decrypt(item.encryptedPrivateKey, { unit: item.unit, keyId: item.keyId })
        .then((plain) => ({
          algorithm: item.algorithm,
          keyId: item.keyId,
          privateJwk: JSON.parse(Buffer.from(plain).toString('utf8')) as PrivateSealJwk,
        }));
      key.catch(() => decrypted.delete(item.keyId));
      decrypted.set(item.keyId, key);
    }
    return key;
  };
}

const published = (item: PublishedSealKey | Record<string, unknown>): PublishedSealKey => {
  const from = item as Record<string, unknown>;
  const key: PublishedSealKey = {
    unit: from.unit as string,
    keyId: from.keyId as string,
    algorithm: from.algorithm as SealAlgorithmName,
    publicJwk: from.publicJwk as PublishedSealKey['publicJwk'],
    publicPem: from.publicPem as string,
    validFrom: from.validFrom as string,
  };
  if (typeof from.validTo === 'string') key.validTo = from.validTo;
  return key;
};

export function dynamoSealKeyStore(
  client: DynamoDBDocumentClient,
  table: string,
  cipher: SealKeyCipher,
  algorithm: SealAlgorithmName,
): SealKeyStore {
  const readItem = async (unit: string, sk: string) => {
    const { Item } = await client.send(
      new GetCommand({ TableName: table, Key: { pk: partition(unit), sk }, ConsistentRead: true }),
    );
    return Item;
  };

  const currentOf = async (unit: string): Promise<KeyItem | undefined> => {
    const pointer = await readItem(unit, CURRENT);
    if (!pointer) return undefined;
    const item = await readItem(unit, `${pointer.validFrom}#${pointer.keyId}`);
    if (!item) throw new Error(`The current seal key of ${unit} is missing`);
    return item as unknown as KeyItem;
  };

  const newKeyItem = async (unit: string, now: Date): Promise<KeyItem> => {
    const pair = generateSealKeyPair(algorithm);
    const binding = { unit, keyId: pair.keyId };
    const encryptedPrivateKey = await cipher.encrypt(
      Buffer.from(JSON.stringify(pair.privateJwk), 'utf8'),
      binding,
    );
    return {
      unit,
      keyId: pair.keyId,
      algorithm: pair.algorithm,
      publicJwk: pair.publicJwk,
      publicPem: pair.publicPem,
      validFrom: now.toISOString(),
      encryption: cipher.scheme,
      encryptedPrivateKey,
    };
  };

  const keyPut = (item: KeyItem): TransactItem => ({
    Put: {
      TableName: table,
      Item: {
        ...item,
        pk: partition(item.unit),
        sk: keySort(item),
        gsi1pk: LISTED,
        gsi1sk: `${item.unit}#${keySort(item)}`,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  });

  const pointerItem = (item: KeyItem) => ({
    pk: partition(item.unit),
    sk: CURRENT,
    keyId: item.keyId,
    validFrom: item.validFrom,
  });

  const signingOf = sealKeyDecrypter(cipher);

  /** The unit's first key, or the one another first sign-off made at the same moment. */
  const firstKey = async (unit: string, now: Date): Promise<KeyItem> => {
    const item = await newKeyItem(unit, now);
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            keyPut(item),
            {
              Put: {
                TableName: table,
                Item: pointerItem(item),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return item;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const winner = await currentOf(unit);
      if (!winner) throw error;
      return winner;
    }
  };

  return {
    async signingKey(unit, now) {
      const item = (await currentOf(unit)) ?? (await firstKey(unit, now));
      return {
        key: published(item),
        signing: await signingOf(item),
        encrypted: encryptedOf(item),
        stillCurrent: {
          ConditionCheck: {
            TableName: table,
            Key: { pk: partition(unit), sk: CURRENT },
            ConditionExpression: 'keyId = :keyId',
            ExpressionAttributeValues: { ':keyId': item.keyId },
          },
        },
      };
    },

    async keysOf(unit) {
      const items = await queryAll(client, {
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partition(unit) },
      });
      return items.filter((item) => item.sk !== CURRENT).map(published);
    },

    async list({ limit, cursor }) {
      const start = cursor
        ? decodeKeyCursor(cursor, ['pk', 'sk', 'gsi1pk', 'gsi1sk'], { gsi1pk: LISTED })
        : undefined;
      const { Items = [], LastEvaluatedKey } = await client.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': LISTED },
          Limit: limit,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      return {
        items: Items.map(published),
        ...(LastEvaluatedKey ? { nextCursor: encodeCursor(LastEvaluatedKey) } : {}),
      };
    },

    async rotate(unit, now) {
      const old = await currentOf(unit);
      if (!old) return { current: published(await firstKey(unit, now)) };
      const next = await newKeyItem(unit, now);
      const endsAt = next.validFrom;
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: table,
                  Item: pointerItem(next),
                  ConditionExpression: 'keyId = :old',
                  ExpressionAttributeValues: { ':old': old.keyId },
                },
              },
              {
                Update: {
                  TableName: table,
                  Key: { pk: partition(unit), sk: keySort(old) },
                  UpdateExpression: 'SET validTo = :end',
                  ConditionExpression: 'attribute_not_exists(validTo)',
                  ExpressionAttributeValues: { ':end': endsAt },
                },
              },
              keyPut(next),
            ],
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        throw new ConflictError(`The seal key of ${unit} was rotated meanwhile; read the keys again`);
      }
      return { previous: { ...published(old), validTo: endsAt }, current: published(next) };
    },
  };
}
