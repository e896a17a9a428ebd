/**
 * What a function gets when its spec states no memory or timeout. The CDK construct deploys these and
 * the local runtime reports them to the handler (context.memoryLimitInMB, getRemainingTimeInMillis),
 * so the two cannot drift apart. (Lambda's own defaults, 128 MB and 3 s, apply to neither.)
 */
export const FUNCTION_DEFAULTS = {
  memoryMb: 512,
  timeoutSeconds: 10,
} as const;
