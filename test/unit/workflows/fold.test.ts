import type { GateRecord, RolloutEvent, RolloutStatus } from '../../../domain/status';
import type { Verdict, VerdictKind } from '../../../domain/verdict';
import {
  FOLD_LIMITS,
  boundEvents,
  boundGates,
  boundStatus,
  jsonBytes,
  statusBoundBytes,
} from '../../../workflows/fold';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();

function status(gates: GateRecord[] = [], events: RolloutEvent[] = []): RolloutStatus {
  const target = { subscriptionId: 's', resourceGroup: 'g', workspace: 'w', endpoint: 'heart' };
  return {
    rolloutId: 'r1',
    target,
    state: 'Canary',
    paused: false,
    stageIndex: 1,
    baseline: 'blue',
    candidate: 'green',
    model: 'azureml:heart:2',
    traffic: { blue: 80, green: 20 },
    mirrorTraffic: {},
    gates,
    events,
    startedAt: at(0),
    updatedAt: at(0),
  };
}

function gate(second: number, kind: VerdictKind = 'continue', stageIndex = 1, evidence: object = {}): GateRecord {
  const verdict: Verdict = {
    kind,
    rule: `rule.${kind}`,
    reasons: [`read ${second}`],
    evidence: { second, ...evidence },
  };
  return { stageIndex, stage: 'canary', at: at(second), verdict };
}

function event(second: number, type = 'gate.read'): RolloutEvent {
  return { at: at(second), type, actor: 'system', details: { second } };
}

/** Appends one at a time, as the workflow does. */
function appendGates(s: RolloutStatus, gates: GateRecord[]) {
  for (const g of gates) {
    s.gates.push(g);
    boundGates(s);
  }
}

describe('bounded gate records', () => {
  it('keeps the 40 most recent gate records in full and folds the older ones per stage', () => {
    const s = status();
    appendGates(s, [gate(1, 'continue', 0), gate(2, 'pass', 0)]);
    appendGates(
      s,
      Array.from({ length: FOLD_LIMITS.gates + 10 }, (_, i) => gate(10 + i, i === 5 ? 'inconclusive' : 'continue')),
    );
    expect(s.gates).toHaveLength(FOLD_LIMITS.gates);
    expect(s.gates[0].at).toBe(at(20));
    expect(s.folded?.gates).toBe(12);
    expect(s.folded?.stages).toEqual([
      expect.objectContaining({ stageIndex: 0, gates: 2, counts: { continue: 1, pass: 1, fail: 0, inconclusive: 0 } }),
      expect.objectContaining({ stageIndex: 1, gates: 10, counts: { continue: 9, pass: 0, fail: 0, inconclusive: 1 } }),
    ]);
    const canary = s.folded!.stages[1];
    expect(canary.first).toMatchObject({ at: at(10), kind: 'continue', reasons: ['read 10'] });
    expect(canary.last).toMatchObject({ at: at(19), kind: 'continue' });
    expect(canary.decisive).toMatchObject({ at: at(15), kind: 'inconclusive', evidence: { second: 15 } });
    expect(canary.first.evidence).toBeUndefined();
  });

  it('keeps a fail as the decisive verdict over later, milder ones', () => {
    const s = status();
    appendGates(s, [
      gate(1),
      gate(2, 'fail'),
      gate(3, 'inconclusive'),
      ...Array.from({ length: FOLD_LIMITS.gates }, (_, i) => gate(10 + i)),
    ]);
    expect(s.folded?.stages[0].decisive).toMatchObject({ kind: 'fail', at: at(2) });
  });

  it('folds by size before count when records are large, keeping the list within 48 KiB', () => {
    const s = status();
    const big = { samples: 'x'.repeat(4_000) };
    appendGates(
      s,
      Array.from({ length: 20 }, (_, i) => gate(i, 'continue', 1, big)),
    );
    expect(jsonBytes(s.gates)).toBeLessThanOrEqual(FOLD_LIMITS.gatesBytes);
    expect(s.gates.length).toBeLessThan(20);
    expect(s.gates.length + (s.folded?.gates ?? 0)).toBe(20);
  });

  it('replaces the evidence of one record larger than 8 KiB by its size', () => {
    const s = status();
    appendGates(s, [gate(1, 'fail', 1, { samples: 'x'.repeat(20_000) })]);
    expect(s.gates[0].verdict).toMatchObject({ kind: 'fail', evidence: { omittedBytes: expect.any(Number) } });
    expect(jsonBytes(s.gates[0])).toBeLessThanOrEqual(FOLD_LIMITS.gateBytes);
  });

  it('drops the evidence of a folded summary that would not fit, keeping its verdict', () => {
    const s = status();
    appendGates(
      s,
      Array.from({ length: 21 }, (_, i) => gate(i, 'fail', 1, { table: 'y'.repeat(4_000) })),
    );
    const { decisive } = s.folded!.stages[0];
    expect(decisive).toMatchObject({ kind: 'fail', at: at(0), reasons: ['read 0'] });
    expect(decisive.evidence).toBeUndefined();
    expect(jsonBytes(decisive)).toBeLessThanOrEqual(FOLD_LIMITS.summaryBytes);
  });
});

describe('bounded events', () => {
  it('keeps the 50 most recent events and counts the folded ones per type, with a running index', () => {
    const s = status();
    for (let i = 0; i < 80; i++) {
      s.events.push(event(i, i % 2 ? 'metrics.missing' : 'metrics.unavailable'));
      boundEvents(s);
    }
    expect(s.events).toHaveLength(FOLD_LIMITS.events);
    expect(s.events[0].at).toBe(at(30));
    expect(s.folded).toMatchObject({ events: 30, eventsThrough: at(29) });
    expect(s.folded?.eventTypes).toEqual({ 'metrics.unavailable': 15, 'metrics.missing': 15 });
  });

  it('counts event types past the 32nd as other', () => {
    const s = status();
    for (let i = 0; i < 100; i++) {
      s.events.push(event(i, `type.${i}`));
      boundEvents(s);
    }
    expect(Object.keys(s.folded!.eventTypes)).toHaveLength(FOLD_LIMITS.eventTypes);
    expect(s.folded!.eventTypes.other).toBe(50 - (FOLD_LIMITS.eventTypes - 1));
  });

  it('replaces the details of one event larger than 4 KiB by their size', () => {
    const s = status([], [{ ...event(1, 'plan.refused'), details: { problems: 'p'.repeat(10_000) } }]);
    boundEvents(s);
    expect(s.events[0]).toMatchObject({ type: 'plan.refused', details: { omittedBytes: expect.any(Number) } });
  });
});

describe('a status carried from code that kept everything', () => {
  it('is bounded at once, whatever its length, and stays within the documented bound', () => {
    const gates = Array.from({ length: 500 }, (_, i) => gate(i, i === 3 ? 'fail' : 'continue', i % 5, { n: i }));
    const s = status(
      gates,
      Array.from({ length: 500 }, (_, i) => event(i)),
    );
    boundStatus(s);
    expect(s.gates).toHaveLength(FOLD_LIMITS.gates);
    expect(s.events).toHaveLength(50);
    expect(s.folded).toMatchObject({ gates: 500 - FOLD_LIMITS.gates, events: 450 });
    expect(s.folded?.stages).toHaveLength(5);
    expect(statusBoundBytes(5)).toBe(71 * 1024 + 5 * 6.5 * 1024); // workflows/README.md
    expect(jsonBytes(s)).toBeLessThanOrEqual(statusBoundBytes(5));
  });
});

describe('jsonBytes', () => {
  it.each([
    ['ascii', 'abc', 5],
    ['two-byte', 'é', 4],
    ['three-byte', '€', 5],
    ['four-byte', '😀', 6],
  ])('counts %s characters as UTF-8', (_, text, bytes) => {
    expect(jsonBytes(text)).toBe(bytes);
    expect(jsonBytes(text)).toBe(Buffer.byteLength(JSON.stringify(text)));
  });
});
