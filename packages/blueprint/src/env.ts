/**
 * Names of the environment variables through which a function learns its resources.
 * The CDK app sets them from the deployed resources, the local runtime from the emulators.
 */
const envSuffix = (name: string) => name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

export const tableEnvName = (table: string) => `TABLE_${envSuffix(table)}`;
export const bucketEnvName = (bucket: string) => `BUCKET_${envSuffix(bucket)}`;
export const queueUrlEnvName = (queue: string) => `QUEUE_${envSuffix(queue)}_URL`;
/** The deployed name of a function another one `invokes`. */
export const functionNameEnvName = (fn: string) => `FUNCTION_${envSuffix(fn)}_NAME`;

/** Settings every function reads, whatever resources it uses. */
export const COMMON_ENV = {
  /** 'aws' when deployed; 'local' enables the development issuer and its routes. */
  mode: 'GOVSHARE_MODE',
  /** Expected `iss` of bearer tokens. */
  authIssuer: 'AUTH_ISSUER',
  /** Expected `aud` (or Cognito `client_id`) of bearer tokens. */
  authAudience: 'AUTH_AUDIENCE',
  /** Where the issuer's public keys are; defaults to `${AUTH_ISSUER}/.well-known/jwks.json`. */
  authJwksUrl: 'AUTH_JWKS_URL',
  /** Tokens whose lifetime (exp − iat) is longer are refused; seconds, default a day. */
  authMaxTokenLifetimeSeconds: 'AUTH_MAX_TOKEN_LIFETIME_SECONDS',
  /** Local mode only: the development issuer's private signing key (JWK, JSON). */
  devSigningKey: 'DEV_SIGNING_KEY',
  /**
   * Where the API is reached from outside (e.g. https://data.example.gov.cn): the addresses in the
   * DCAT-AP export and the CKAN API are minted under it. CDK context `publicBaseUrl`, else the HTTP
   * API's own endpoint; locally the gateway's URL.
   */
  publicBaseUrl: 'PUBLIC_BASE_URL',
  /**
   * Locally only: the origin presigned URLs are signed for, the gateway's, which passes them on to the
   * S3 emulator, so that the console's page can PUT a file to its own origin. Unset in AWS: S3's own.
   */
  presignedUrlEndpoint: 'PRESIGNED_URL_ENDPOINT',
} as const;

/** Settings of the functions that record or verify audit events (see functions/src/audit/audit-trail.ts). */
export const AUDIT_ENV = {
  /** Locally: the audit trail's key itself (text, at least 32 bytes). */
  subjectKey: 'AUDIT_SUBJECT_KEY',
  /** In AWS: the Secrets Manager secret that holds it. */
  subjectKeySecretArn: 'AUDIT_SUBJECT_KEY_SECRET_ARN',
} as const;

/**
 * Settings of the functions that seal documents (`sealKeys: true`, see functions/src/exchange/seal-keys.ts).
 * The units' private seal keys are kept encrypted, never in clear: locally under a key in a file of the
 * data folder (mode 0600, made once by packages/local), in AWS under the platform's KMS key.
 */
export const SEAL_ENV = {
  /** Locally: the file holding the key (32 random bytes, base64) that encrypts the private seal keys. */
  keyFile: 'SEAL_KEY_FILE',
  /** In AWS: the KMS key (ARN) that encrypts them. */
  kmsKeyId: 'SEAL_KMS_KEY_ID',
  /** The algorithm of keys made from now on: SM2-SM3 (the default) or ECDSA-P256-SHA256. */
  algorithm: 'SEAL_ALGORITHM',
} as const;

/** Settings of the exchange functions (the HTTP function and the document-dispatch consumer); all optional. */
export const EXCHANGE_ENV = {
  /**
   * Delivery deadlines, JSON merged over the platform's defaults (functions/src/exchange/settings.ts),
   * e.g. `{"signFor":{"特急":"same-day","加急":1,"normal":2},"handle":{"normal":15},"handleByType":{"请示":10}}`:
   * working days, or "same-day"; every part and every key optional.
   */
  deadlines: 'EXCHANGE_DEADLINES',
} as const;
