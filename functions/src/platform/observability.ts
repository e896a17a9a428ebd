import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { createLogger } from './logger.ts';

/** The CloudWatch namespace of every govshare metric (the alarms and dashboards read it). */
export const METRICS_NAMESPACE = 'govshare';

export type { Metrics };
export { MetricUnit };

/**
 * What one function reports about itself, as Powertools does it: structured logs, EMF metrics
 * (published by the handler after each invocation) and X-Ray traces. Made once per cold start.
 * The tracer switches itself off outside Lambda; metrics are off where POWERTOOLS_METRICS_DISABLED
 * says so (the local runtime and the tests: there is no CloudWatch there).
 */
export interface Telemetry {
  logger: ReturnType<typeof createLogger>;
  metrics: Metrics;
  tracer: Tracer;
}

export function telemetryFor(functionName: string): Telemetry {
  const serviceName = `govshare-${functionName}`;
  return {
    logger: createLogger(functionName),
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName }),
    tracer: new Tracer({ serviceName }),
  };
}

/** Counts one event under a dimension of its own (e.g. refusals by problem type). */
export function countBy(metrics: Metrics, name: string, dimension: string, value: string, count = 1): void {
  const single = metrics.singleMetric();
  single.addDimension(dimension, value);
  single.addMetric(name, MetricUnit.Count, count);
}
