/**
 * Names of the environment variables through which a function learns its resources.
 * The CDK app sets them from the deployed resources, the local runtime from the emulators.
 */
const envSuffix = (name: string) => name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

export const tableEnvName = (table: string) => `TABLE_${envSuffix(table)}`;
export const bucketEnvName = (bucket: string) => `BUCKET_${envSuffix(bucket)}`;
export const queueUrlEnvName = (queue: string) => `QUEUE_${envSuffix(queue)}_URL`;

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
  /** Local mode only: the development issuer's private signing key (JWK, JSON). */
  devSigningKey: 'DEV_SIGNING_KEY',
} as const;

/**
 * The key under which the audit trail hashes subject identifiers: the key text itself (local runtime,
 * which keeps it in its data folder), or the ARN of the Secrets Manager secret holding it (AWS).
 */
export const AUDIT_ENV = {
  subjectKey: 'AUDIT_SUBJECT_KEY',
  subjectKeySecretArn: 'AUDIT_SUBJECT_KEY_SECRET_ARN',
} as const;
