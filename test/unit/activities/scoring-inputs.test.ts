// Validation sends the plan's request bodies in turn (there is no default input); answers are compared as domain/
// agreement.ts says, over the requests both deployments answered.
import { agreementOf, countsOf, type ScoreOutcome } from '../../../activities/scoring';
import { percentile, requestBodyFor } from '../../../activities/scoring-inputs';

const target = { subscriptionId: 's', resourceGroup: 'rg', workspace: 'ws', endpoint: 'ep' };
const input = (extra: object) => ({ target, baseline: 'blue', candidate: 'green', requests: 5, ...extra });

describe('request bodies', () => {
  it("sends the plan's bodies in turn", () => {
    const bodies = [{ data: [[1]] }, { data: [[2]] }];
    expect([0, 1, 2].map((i) => requestBodyFor(input({ requestBodies: bodies }), i))).toEqual([
      bodies[0],
      bodies[1],
      bodies[0],
    ]);
    expect(requestBodyFor(input({ request: { x: 1 } }), 3)).toEqual({ x: 1 });
  });

  it('refuses to invent a body when the plan has none', () => {
    expect(() => requestBodyFor(input({}), 0)).toThrow(expect.objectContaining({ type: 'InvalidPlan' }));
  });
});

describe('scoring statistics', () => {
  const ok = (output: unknown, ms = 10): ScoreOutcome => ({ ok: true, status: 200, latencyMs: ms, output });
  const text: ScoreOutcome = { ok: true, status: 200, latencyMs: 10 };
  const failed: ScoreOutcome = { ok: false, status: 424, latencyMs: 5 };

  it('computes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([], 50)).toBeUndefined();
  });

  it('counts every failed request as an error', () => {
    expect(countsOf([ok(['1']), failed, ok(['0'], 30)])).toMatchObject({ requests: 3, errors: 1, latencyP50Ms: 10 });
  });

  it('measures agreement over the answer items of requests both deployments answered', () => {
    const pairs: Array<[ScoreOutcome, ScoreOutcome]> = [
      [ok(['yes']), ok(['yes'])],
      [ok(['yes']), ok(['no'])],
      [ok(['yes']), failed],
      [ok([100, 200]), ok([100.5, 260])],
    ];
    expect(agreementOf(pairs)).toEqual({ agreement: 2 / 4, compared: 4 });
    expect(agreementOf([[failed, failed]])).toEqual({ agreement: 0, compared: 0 });
  });

  it('counts answers that are not JSON apart, with the reason', () => {
    expect(
      agreementOf([
        [text, text],
        [ok([1]), ok([1])],
      ]),
    ).toEqual({
      agreement: 1,
      compared: 1,
      incomparable: 1,
      incomparableReason: 'the baseline answered something other than JSON',
    });
  });

  it("uses the plan's tolerance", () => {
    const pairs: Array<[ScoreOutcome, ScoreOutcome]> = [[ok([100]), ok([104])]];
    expect(agreementOf(pairs).agreement).toBe(0);
    expect(agreementOf(pairs, { absolute: 0, relative: 0.05, probability: 0.1 }).agreement).toBe(1);
  });
});
