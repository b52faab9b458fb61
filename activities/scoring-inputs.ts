// Inputs and outputs of validation scoring: seeded heart-disease rows in MLflow `input_data` (pandas split) form,
// reading predictions out of whatever JSON shape a model answers, and latency percentiles.

// prettier-ignore
export const HEART_FEATURES = [
  'age', 'sex', 'cp', 'trestbps', 'chol', 'fbs', 'restecg', 'thalach', 'exang', 'oldpeak', 'slope', 'ca', 'thal',
] as const;

/** mulberry32: a small seeded generator so the same inputs go to both deployments and to every retry. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One plausible patient in UCI Cleveland coding, deterministic for `seed`. */
export function heartRow(seed: number): number[] {
  const r = seeded(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = (values: number[]) => values[Math.floor(r() * values.length)];
  return [
    int(29, 77),
    int(0, 1),
    int(1, 4),
    int(94, 200),
    int(126, 564),
    int(0, 1),
    int(0, 2),
    int(71, 202),
    int(0, 1),
    Math.round(r() * 62) / 10,
    int(1, 3),
    int(0, 3),
    pick([3, 6, 7]),
  ];
}

export function heartRequest(
  seed: number,
  rows = 1,
): { input_data: { columns: string[]; index: number[]; data: number[][] } } {
  const data = Array.from({ length: rows }, (_, i) => heartRow(seed * 1000 + i));
  return { input_data: { columns: [...HEART_FEATURES], index: data.map((_, i) => i), data } };
}

/** The class label of one output item: `{prediction}`, `{label}`, `{class}`, a scalar, or the item itself. */
function labelOf(item: unknown): string {
  if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
    const o = item as Record<string, unknown>;
    for (const key of ['prediction', 'predictions', 'label', 'class', 'output']) if (key in o) return labelOf(o[key]);
  }
  return JSON.stringify(item);
}

/** Predictions in a response body, one label per input row; handles `[...]`, `{predictions: [...]}` and friends. */
export function predictionsOf(body: unknown): string[] {
  if (Array.isArray(body)) return body.map(labelOf);
  if (body !== null && typeof body === 'object') {
    const o = body as Record<string, unknown>;
    for (const key of ['predictions', 'prediction', 'outputs', 'output', 'result', 'results', 'data']) {
      if (key in o) return Array.isArray(o[key]) ? (o[key] as unknown[]).map(labelOf) : [labelOf(o[key])];
    }
  }
  return [JSON.stringify(body)];
}

/** Nearest-rank percentile of a sample; undefined when empty. */
export function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}
