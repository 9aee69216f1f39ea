import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { HandlerMetrics } from './observability.ts';

/** Powertools Metrics (CloudWatch embedded metric format), namespace from POWERTOOLS_METRICS_NAMESPACE. */
export function createPowertoolsMetrics(serviceName: string): HandlerMetrics {
  const metrics = new Metrics({ serviceName, namespace: process.env['POWERTOOLS_METRICS_NAMESPACE'] ?? 'pushgate' });
  return {
    count: (outcome, value = 1) => metrics.addMetric(outcome, MetricUnit.Count, value),
    flush: () => metrics.publishStoredMetrics(),
  };
}
