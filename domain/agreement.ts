// Agreement of two deployments' answers to the same request, like with like: labels (strings, booleans) exactly,
// numbers within an absolute or relative tolerance, probabilities (a field named like one, or a vector of numbers
// in [0, 1] summing to 1) within a probability tolerance. Answers that are not JSON cannot be compared, and say so.

export interface AgreementTolerance {
  /** Two numbers agree when they differ by at most this much... */
  absolute: number;
  /** ...or by at most this share of the larger magnitude. */
  relative: number;
  /** Two probabilities agree when they differ by at most this much. */
  probability: number;
}

/** One request's answers: JSON bodies, or `undefined` for an answer that was not JSON. */
export interface AnswerPair {
  baseline: unknown;
  candidate: unknown;
}

export type PairComparison =
  { kind: 'compared'; items: number; agreeing: number } | { kind: 'incomparable'; reason: string };

const PREDICTION_KEYS = ['predictions', 'prediction', 'outputs', 'output', 'results', 'result'];
const PROBABILITY_KEY = /prob|confidence|score/i;

/**
 * The answer's items, one per input row where the shape says so: a list, or the one list an object wraps
 * (`{"predictions": [...]}`); any other answer is one item.
 */
export function answerItems(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (isRecord(body)) {
    const keys = Object.keys(body);
    const key = keys.length === 1 ? keys[0] : PREDICTION_KEYS.find((k) => k in body);
    if (key !== undefined && PREDICTION_KEYS.includes(key) && Array.isArray(body[key])) return body[key] as unknown[];
  }
  return [body];
}

/** Items compared position by position; extra items on either side disagree. */
export function compareAnswers(pair: AnswerPair, tolerance: AgreementTolerance): PairComparison {
  if (pair.baseline === undefined)
    return { kind: 'incomparable', reason: 'the baseline answered something other than JSON' };
  const baseline = answerItems(pair.baseline);
  const candidate = pair.candidate === undefined ? [] : answerItems(pair.candidate);
  const items = Math.max(baseline.length, candidate.length);
  let agreeing = 0;
  for (let i = 0; i < Math.min(baseline.length, candidate.length); i++) {
    if (valuesAgree(baseline[i], candidate[i], tolerance)) agreeing++;
  }
  return { kind: 'compared', items, agreeing };
}

export function valuesAgree(a: unknown, b: unknown, tolerance: AgreementTolerance, key = ''): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    return PROBABILITY_KEY.test(key) ? probabilitiesAgree(a, b, tolerance) : numbersAgree(a, b, tolerance);
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    if (isProbabilityVector(a) && isProbabilityVector(b)) {
      return a.every((x, i) => probabilitiesAgree(x as number, b[i] as number, tolerance));
    }
    return a.every((x, i) => valuesAgree(x, b[i], tolerance, key));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length || !keys.every((k) => Object.hasOwn(b, k))) return false;
    // Inside a probability field (`{"scores": {"cat": 0.9, ...}}`) every value is a probability.
    return keys.every((k) => valuesAgree(a[k], b[k], tolerance, PROBABILITY_KEY.test(key) ? key : k));
  }
  return a === b;
}

export function numbersAgree(a: number, b: number, { absolute, relative }: AgreementTolerance): boolean {
  const diff = Math.abs(a - b);
  return diff <= absolute || diff <= relative * Math.max(Math.abs(a), Math.abs(b));
}

function probabilitiesAgree(a: number, b: number, { probability }: AgreementTolerance): boolean {
  return Math.abs(a - b) <= probability;
}

/** Two or more numbers in [0, 1] summing to 1 (within rounding): a class distribution. */
export function isProbabilityVector(values: unknown[]): boolean {
  if (values.length < 2 || !values.every((v) => typeof v === 'number' && v >= 0 && v <= 1)) return false;
  const sum = (values as number[]).reduce((s, v) => s + v, 0);
  return Math.abs(sum - 1) <= 1e-3;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
