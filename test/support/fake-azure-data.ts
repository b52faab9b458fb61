// The in-memory Azure's data plane: Azure Monitor answers made up from the current traffic split and each model's
// error rate and latency, and validation scores with errors and disagreements spread evenly. Deterministic.
import type { MetricsQueryOptions, MonitorMetric, ScoreOutcome, Scorer } from '../../activities/ports';
import { endpointArmId, type EndpointRef, type TrafficMap } from '../../domain/endpoint';
import { azureError } from './fake-azure-rules';

export interface FakeModel {
  errorRate: number;
  latencyP99Ms: number;
  /** Share of validation inputs on which it agrees with version 1. */
  agreement: number;
}

export const FAKE_MODELS: Record<string, FakeModel> = {
  'azureml:heart:1': { errorRate: 0.01, latencyP99Ms: 80, agreement: 1 },
  'azureml:heart:2': { errorRate: 0.01, latencyP99Ms: 80, agreement: 0.95 },
  'azureml:heart:3': { errorRate: 0.3, latencyP99Ms: 90, agreement: 0.9 },
};

/** The part of FakeAzure its data plane reads. */
export interface FakeWorkspace {
  readonly requestsPerSecond: number;
  readonly traffic: TrafficMap;
  readonly mirrorTraffic: TrafficMap;
  modelOf(deployment: string): FakeModel | undefined;
}

const UNIT_MS = { S: 1_000, M: 60_000, H: 3_600_000 } as const;

/** True on the n-th event (0-based) when events at `rate` are spread evenly: floor(n·rate) steps up. */
const spread = (n: number, rate: number) => Math.floor((n + 1) * rate) > Math.floor(n * rate);

type Series = MonitorMetric['timeseries'][number];

function buckets({ startTime, endTime, interval }: MetricsQueryOptions): { at: number; seconds: number }[] {
  const [start, end] = [startTime.getTime(), endTime.getTime()];
  const grain = /^PT(\d+(?:\.\d+)?)([SMH])$/.exec(interval);
  if (interval !== 'FULL' && !grain) throw azureError(400, 'BadRequest', `invalid interval ${interval}`);
  const step = grain ? Number(grain[1]) * UNIT_MS[grain[2] as keyof typeof UNIT_MS] : end - start;
  const out: { at: number; seconds: number }[] = [];
  for (let at = start; at < end; at += step) out.push({ at, seconds: (Math.min(at + step, end) - at) / 1000 });
  return out;
}

/** Requests each deployment served, live plus mirrored copies, in `seconds` of the current split. */
function served(
  ws: FakeWorkspace,
  seconds: number,
): { deployment: string; requests: number; errors: number; model: FakeModel }[] {
  const total = Math.round(ws.requestsPerSecond * seconds);
  const names = new Set([...Object.keys(ws.traffic), ...Object.keys(ws.mirrorTraffic)]);
  return [...names].flatMap((deployment) => {
    const share = ((ws.traffic[deployment] ?? 0) + (ws.mirrorTraffic[deployment] ?? 0)) / 100;
    const requests = Math.round(total * share);
    const model = ws.modelOf(deployment);
    return model && requests > 0
      ? [{ deployment, requests, errors: Math.round(requests * model.errorRate), model }]
      : [];
  });
}

function series(dims: Record<string, string>, points: { at: number; total?: number; average?: number }[]): Series {
  return {
    metadatavalues: Object.entries(dims).map(([name, value]) => ({ name, value })),
    data: points.map(({ at, ...values }) => ({ timeStamp: new Date(at), ...values })),
  };
}

/** RequestsPerMinute split by deployment and statusCode; RequestLatency_P99 by deployment; no data for others. */
function metric(ws: FakeWorkspace, name: string, options: MetricsQueryOptions): Series[] {
  const grid = buckets(options).map((b) => ({ at: b.at, served: served(ws, b.seconds) }));
  const names = [...new Set(grid.flatMap((b) => b.served.map((s) => s.deployment)))];
  if (name === 'RequestsPerMinute') {
    return names.flatMap((deployment) =>
      (['200', '500'] as const).map((statusCode) =>
        series(
          { deployment, statusCode },
          grid.flatMap((b) =>
            b.served
              .filter((s) => s.deployment === deployment)
              .map((s) => ({ at: b.at, total: statusCode === '500' ? s.errors : s.requests - s.errors })),
          ),
        ),
      ),
    );
  }
  if (name !== 'RequestLatency_P99') return [];
  return names.map((deployment) =>
    series(
      { deployment },
      grid.flatMap((b) =>
        b.served.filter((s) => s.deployment === deployment).map((s) => ({ at: b.at, average: s.model.latencyP99Ms })),
      ),
    ),
  );
}

export function fakeMetrics(
  ws: FakeWorkspace,
  target: EndpointRef,
  names: string[],
  options: MetricsQueryOptions,
): MonitorMetric[] {
  return names.map((name) => ({
    id: `${endpointArmId(target)}/providers/Microsoft.Insights/metrics/${name}`,
    name,
    errorCode: 'Success',
    timeseries: metric(ws, name, options),
  }));
}

/** A label for an input, the same for every deployment: what version 1 answers. */
function baseLabel(body: unknown): string {
  let hash = 0;
  for (const ch of JSON.stringify(body)) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return String(hash % 2);
}

/** Scores against each deployment's model: its errors and its disagreements with version 1 spread evenly. */
export function fakeScorer(ws: FakeWorkspace): Scorer {
  const seen = new Map<string, { requests: number; answered: number }>();
  return {
    async score(deployment, body, signal): Promise<ScoreOutcome> {
      signal?.throwIfAborted();
      const model = ws.modelOf(deployment);
      if (!model) return { ok: false, status: 404, latencyMs: 1 };
      const counts = seen.get(deployment) ?? { requests: 0, answered: 0 };
      seen.set(deployment, counts);
      if (spread(counts.requests++, model.errorRate)) return { ok: false, status: 500, latencyMs: model.latencyP99Ms };
      const label = baseLabel(body);
      const flipped = spread(counts.answered++, 1 - model.agreement) ? String(1 - Number(label)) : label;
      return { ok: true, status: 200, latencyMs: model.latencyP99Ms, output: [flipped] };
    },
  };
}
