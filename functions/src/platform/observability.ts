import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { createLogger } from './logger.ts';

/** The CloudWatch namespace of every govshare metric (the alarms and dashboards read it). */
export const METRICS_NAMESPACE = 'govshare';

export type { Metrics };
export { MetricUnit };

/**
 * What one function reports about itself, as Powertools does it: structured logs and EMF metrics
 * (published by the handler after each invocation). Made once per cold start. Metrics are off where
 * POWERTOOLS_METRICS_DISABLED says so (the local runtime and the tests: there is no CloudWatch there).
 * Traces are Lambda's own (active tracing: the invocation and init segments), with no tracer in the
 * bundle: the X-Ray SDK cost as much as a whole DynamoDB client at every cold start
 * (docs/architecture.md, Observability).
 */
export interface Telemetry {
  logger: ReturnType<typeof createLogger>;
  metrics: Metrics;
}

export function telemetryFor(functionName: string): Telemetry {
  const serviceName = `govshare-${functionName}`;
  return {
    logger: createLogger(functionName),
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName }),
  };
}

/** Counts one event under a dimension of its own (e.g. refusals by problem type). */
export function countBy(metrics: Metrics, name: string, dimension: string, value: string, count = 1): void {
  const single = metrics.singleMetric();
  single.addDimension(dimension, value);
  single.addMetric(name, MetricUnit.Count, count);
}
