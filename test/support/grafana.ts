// The metric names the Grafana dashboard (deploy/grafana/rollout-service.json) queries, for the tests that check
// each one against what the API or the worker really exports.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Dashboard {
  panels: { title: string; targets: { expr: string }[] }[];
}

export const DASHBOARD_PATH = join(__dirname, '..', '..', 'deploy', 'grafana', 'rollout-service.json');

/** Every metric name in the panels' PromQL; worker metrics are the Temporal SDK's (`temporal_…`), the rest the API's. */
export function dashboardMetrics(source: 'api' | 'worker'): string[] {
  const dashboard = JSON.parse(readFileSync(DASHBOARD_PATH, 'utf8')) as Dashboard;
  const names = new Set<string>();
  for (const { expr } of dashboard.panels.flatMap((p) => p.targets)) {
    const code = expr.replace(/"[^"]*"/g, '""').replace(/\b(by|without)\s*\([^)]*\)/g, '');
    for (const [name] of code.matchAll(/\b(?:temporal|http|rollouts?|rollbacks)_?[a-z0-9_]*(?=\s*[{[)]|\s*$)/g)) {
      names.add(name);
    }
  }
  return [...names].filter((name) => name.startsWith('temporal_') === (source === 'worker')).sort();
}
