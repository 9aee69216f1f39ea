import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPowertoolsMetrics } from './powertools-metrics.ts';

/** The EMF lines Powertools writes to stdout while `run` runs. */
function emfLines(run: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    run();
  } finally {
    write.mockRestore();
  }
  return lines.flatMap((line) => line.split('\n')).filter((line) => line.includes('_aws')).map((line) => JSON.parse(line) as Record<string, unknown>);
}

afterEach(() => vi.restoreAllMocks());

describe('createPowertoolsMetrics', () => {
  it('puts the stage on every metric as a dimension, so two stacks in one account never add up', () => {
    for (const stage of ['staging', 'production']) {
      const [line] = emfLines(() => {
        const metrics = createPowertoolsMetrics('queue-notify-user', { METRICS_STAGE: stage, POWERTOOLS_METRICS_NAMESPACE: 'pushgate' });
        metrics.count('delivered', 3);
        metrics.flush();
      });
      expect(line).toMatchObject({ stage, service: 'queue-notify-user', delivered: 3 });
      const directive = (line!['_aws'] as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] }).CloudWatchMetrics[0]!;
      expect(directive.Namespace).toBe('pushgate');
      expect(directive.Dimensions.flat()).toContain('stage');
    }
  });

  it('says `local` where no stage is set (local mode)', () => {
    const [line] = emfLines(() => {
      const metrics = createPowertoolsMetrics('queue-notify-user', {});
      metrics.count('queued');
      metrics.flush();
    });
    expect(line).toMatchObject({ stage: 'local' });
  });
});
