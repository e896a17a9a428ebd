import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured JSON logger per function. What goes in: correlation id, method, route
 * template, status, duration, error kinds and stacks of defects. What never goes in: bodies,
 * tokens, query values, names or ids of people.
 */
export const createLogger = (functionName: string) =>
  // Level from POWERTOOLS_LOG_LEVEL (or LOG_LEVEL), which Powertools reads itself.
  new Logger({ serviceName: `govshare-${functionName}` });
