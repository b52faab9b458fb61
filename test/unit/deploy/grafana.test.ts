// The Grafana dashboard queries only metrics the API exports (the worker's are checked against a real worker's
// scrape in test/integration/rollout/e2e-worker-crash.test.ts).
import { readFileSync } from 'node:fs';
import { createMetrics } from '../../../api/metrics';
import { DASHBOARD_PATH, dashboardMetrics } from '../../support/grafana';

it('queries only metrics the API exports', async () => {
  const metrics = createMetrics(async () => ({
    byState: { RolledBack: 1 },
    verdicts: { fail: 1 },
    rollbacksByCause: { gate: 1 },
  }));
  metrics.httpDuration.observe({ method: 'GET', route: '/rollouts' }, 0.01);
  const scraped = await metrics.registry.metrics();
  // Declared metrics (a labelled counter shows no sample until counted), histograms with their series suffixes.
  const exported = new Set(
    [...scraped.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name, type]) =>
      type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name],
    ),
  );
  expect(dashboardMetrics('api').length).toBeGreaterThan(5);
  expect(dashboardMetrics('api').filter((name) => !exported.has(name))).toEqual([]);
});

it('is a Grafana dashboard whose panels each query Prometheus through the datasource variable', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD_PATH, 'utf8'));
  expect(dashboard.templating.list).toContainEqual(
    expect.objectContaining({ name: 'datasource', query: 'prometheus' }),
  );
  for (const panel of dashboard.panels) {
    expect({ title: panel.title, datasource: panel.datasource, targets: panel.targets.length > 0 }).toEqual({
      title: panel.title,
      datasource: { type: 'prometheus', uid: '${datasource}' },
      targets: true,
    });
  }
});
