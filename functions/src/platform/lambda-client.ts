import { LambdaClient } from '@aws-sdk/client-lambda';

/**
 * The Lambda client, apart from aws-clients.ts: only the exchange function invokes another (the
 * layoutrenderer, at a sign-off), and it loads this with its first sign-off, not at a cold start.
 * The endpoint comes from AWS_ENDPOINT_URL_LAMBDA / AWS_ENDPOINT_URL, as for every client.
 */
let lambdaClient: LambdaClient | undefined;

/** For the functions a blueprint function `invokes` (Lambda Invoke). */
export function lambda(): LambdaClient {
  lambdaClient ??= new LambdaClient({});
  return lambdaClient;
}
