// Judge states written by earlier code (test/replay/judge-states/*.json, each produced by running that commit's
// judgeFor() over three healthy reads) are read by every current version without throwing: a rollout carried across
// continue-as-new from an older worker keeps being judged, never counted as a metrics outage for ever.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { judgeAt, judgeVersions, type JudgeKind } from '../../../analysis';
import type { JudgeState } from '../../../analysis/types';
import { analysisSchema } from '../../../domain/plan';
import { VERDICT_KINDS, type IntervalSample } from '../../../domain/verdict';

const DIR = resolve(__dirname, '..', '..', 'replay', 'judge-states');
const files = readdirSync(DIR).filter((name) => name.endsWith('.json'));
const saved = files.map((name) => ({
  name,
  ...(JSON.parse(readFileSync(join(DIR, name), 'utf8')) as { writtenBy: string; states: Record<string, JudgeState> }),
}));

const policy = analysisSchema.parse({ minRequests: 100, slo: { maxErrorRate: 0.05 } });
const lat = { latencyP50Ms: 80, latencyP90Ms: 152, latencyP95Ms: 182, latencyP99Ms: 256 };
const read = (minute: number): IntervalSample => ({
  start: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
  end: new Date(Date.UTC(2026, 0, 1, 0, minute + 1)).toISOString(),
  candidateShare: 0.05,
  candidate: { requests: 300, errors: 2, ...lat },
  baseline: { requests: 5700, errors: 28, ...lat },
});

const cases = saved.flatMap(({ name, states }) =>
  judgeVersions()
    .filter(({ kind }) => states[kind] !== undefined)
    .map(({ kind, version }) => [name, kind, version] as [string, JudgeKind, number]),
);

describe('judge states written by earlier code', () => {
  it('include states from before the current sequential fields (its first version and before the latency bet)', () => {
    expect(files).toEqual(expect.arrayContaining(['sequential-first.json', 'before-latency-bet.json']));
    const first = saved.find((s) => s.name === 'sequential-first.json')!.states.sequential;
    expect(first).not.toHaveProperty('latencyBet');
  });

  it.each(cases)('%s: %s@%i reads it and judges on, twice, without throwing', (name, kind, version) => {
    const { states } = saved.find((s) => s.name === name)!;
    const judge = judgeAt(kind, version);
    const p = { ...policy, judge: kind };
    const second = judge({ samples: [read(3)], policy: p, state: structuredClone(states[kind]), final: false });
    const third = judge({ samples: [read(4)], policy: p, state: second.state, final: true });
    for (const out of [second, third]) expect(VERDICT_KINDS).toContain(out.verdict.kind);
    expect(JSON.parse(JSON.stringify(third.state))).toEqual(third.state);
  });
});
