import { FUNCTION_DEFAULTS } from '@govshare/blueprint';
import { describe, expect, it } from 'vitest';
import { lambdaContext } from '../../../packages/local/src/invoke.ts';

describe('the Lambda context the local runtime hands a handler', () => {
  it('gives a function that states no memory or timeout the defaults it is deployed with', () => {
    const context = lambdaContext('govshare-f', {}, 'request-1');
    expect(context.memoryLimitInMB).toBe(String(FUNCTION_DEFAULTS.memoryMb));
    const remaining = context.getRemainingTimeInMillis();
    expect(remaining).toBeLessThanOrEqual(FUNCTION_DEFAULTS.timeoutSeconds * 1000);
    expect(remaining).toBeGreaterThan(FUNCTION_DEFAULTS.timeoutSeconds * 1000 - 1000);
  });

  it("keeps a function's own memory and timeout", () => {
    const context = lambdaContext('govshare-f', { memoryMb: 1024, timeoutSeconds: 840 }, 'request-2');
    expect(context.memoryLimitInMB).toBe('1024');
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(839_000);
    expect(context).toMatchObject({
      functionName: 'govshare-f',
      awsRequestId: 'request-2',
      invokedFunctionArn: expect.stringMatching(/^arn:aws:lambda:[^:]+:\d{12}:function:govshare-f$/),
    });
  });
});
