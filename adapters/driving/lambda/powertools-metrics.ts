import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { SETTINGS } from '../../../manifest/settings.ts';
import type { HandlerMetrics } from './observability.ts';

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Powertools Metrics (CloudWatch embedded metric format), namespace from POWERTOOLS_METRICS_NAMESPACE,
 * and the stage as a dimension of every metric: two stacks in one account share the namespace, and
 * without it their counts would add up.
 */
export function createPowertoolsMetrics(serviceName: string, env: Environment = process.env): HandlerMetrics {
  const stage = env[SETTINGS.metricsStage.env] ?? SETTINGS.metricsStage.default;
  const metrics = new Metrics({ serviceName, namespace: env['POWERTOOLS_METRICS_NAMESPACE'] ?? 'pushgate', defaultDimensions: { stage } });
  return {
    count: (outcome, value = 1) => metrics.addMetric(outcome, MetricUnit.Count, value),
    flush: () => metrics.publishStoredMetrics(),
  };
}
