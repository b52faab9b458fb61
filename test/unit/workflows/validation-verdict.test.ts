import { validationVerdict } from '../../../workflows/validation-verdict';

const tolerance = { absolute: 1e-6, relative: 0.01, probability: 0.1 };
const stage = {
  kind: 'validate' as const,
  requests: 50,
  maxErrorRate: 0.02,
  maxP99LatencyMs: 200,
  minAgreement: 0.8,
  tolerance,
};
const counts = (requests: number, errors: number, latencyP99Ms = 100) => ({ requests, errors, latencyP99Ms });

describe('validationVerdict', () => {
  it.each([
    ['passes a healthy candidate', counts(50, 0), 0.95, 50, 'pass', 'validate'],
    ['fails on the error rate', counts(50, 5), 0.95, 50, 'fail', 'validate.errorRate'],
    ['fails on p99 latency', counts(50, 0, 450), 0.95, 50, 'fail', 'validate.latencyP99'],
    ['fails on low agreement', counts(50, 0), 0.5, 50, 'fail', 'validate.agreement'],
    ['fails when nothing answered', counts(0, 0), 0, 0, 'fail', 'validate.noResponses'],
  ])('%s', (_name, candidate, agreement, compared, kind, rule) => {
    const verdict = validationVerdict({ baseline: counts(50, 0), candidate, agreement, compared }, stage);
    expect(verdict).toMatchObject({ kind, rule });
    expect(verdict.evidence).toMatchObject({ requests: candidate.requests, agreement });
  });

  it('reports answers it cannot compare instead of failing on agreement', () => {
    const result = { baseline: counts(50, 0), candidate: counts(50, 0), agreement: 0, compared: 0 };
    const verdict = validationVerdict(
      { ...result, incomparable: 50, incomparableReason: 'the baseline answered something other than JSON' },
      stage,
    );
    expect(verdict).toMatchObject({ kind: 'pass', evidence: { incomparable: 50, limits: { tolerance } } });
    expect(verdict.reasons[0]).toMatch(/agreement not judged: the baseline answered something other than JSON/);
  });

  it('still fails on the error rate when answers cannot be compared', () => {
    const verdict = validationVerdict(
      { baseline: counts(50, 0), candidate: counts(50, 10), agreement: 0, compared: 0, incomparable: 40 },
      stage,
    );
    expect(verdict).toMatchObject({ kind: 'fail', rule: 'validate.errorRate' });
  });
});
