import { AUDIT_ENV, COMMON_ENV, functionNameEnvName, SEAL_ENV } from '@govshare/blueprint';
import { expect, it } from 'vitest';
import { functionEnvironment } from '../../../packages/local/src/platform.ts';

it('names every setting it gives the functions as the blueprint names it', () => {
  const env = functionEnvironment({
    resourceEnv: { TABLE_THINGS: 'fixture-things' },
    apiUrl: 'http://localhost:3000',
    audience: 'govshare',
    signingKey: { kty: 'EC', kid: 'k1' },
    auditKey: 'secret-text',
    sealKeyFile: '/data/seal-key-wrapping-key',
    endpoints: {
      dynamoEndpoint: 'http://127.0.0.1:8000',
      awsEndpoint: 'http://127.0.0.1:4567',
      lambdaEndpoint: 'http://127.0.0.1:4568',
    },
    functionNames: { renderer: 'fixture-renderer' },
  });
  expect(env).toMatchObject({
    TABLE_THINGS: 'fixture-things',
    [COMMON_ENV.mode]: 'local',
    [COMMON_ENV.authIssuer]: 'http://localhost:3000',
    [COMMON_ENV.authAudience]: 'govshare',
    [AUDIT_ENV.subjectKey]: 'secret-text',
    // The path of the key file, never a key: the seal keys' own key stays in the file (mode 0600).
    [SEAL_ENV.keyFile]: '/data/seal-key-wrapping-key',
    // The SDK's own variables: every client finds the emulators by itself.
    AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
    AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4567',
    AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:4567',
    AWS_ENDPOINT_URL_LAMBDA: 'http://127.0.0.1:4568',
    // What a function that `invokes` another calls it by.
    [functionNameEnvName('renderer')]: 'fixture-renderer',
  });
  expect(JSON.parse(env[COMMON_ENV.devSigningKey] ?? '')).toEqual({ kty: 'EC', kid: 'k1' });
  // In AWS the key comes from Secrets Manager instead; locally that variable stays unset.
  expect(env[AUDIT_ENV.subjectKeySecretArn]).toBeUndefined();
  expect(env[SEAL_ENV.kmsKeyId]).toBeUndefined();
});
