// Bounded status: the most recent gate records and events stay in full, older ones fold into per-stage summaries
// (`status.folded`), so the status query and the input carried across continue-as-new stay within a fixed size
// however long a rollout runs (the bound: workflows/README.md, "Bounded state"). Pure: no Temporal, no clock.
import type { FoldedRecord, GateRecord, RolloutEvent, RolloutStatus, VerdictSummary } from '../domain/status';
import type { VerdictKind } from '../domain/verdict';

export const FOLD_LIMITS = {
  gates: 40,
  gatesBytes: 48 * 1024,
  /** One gate record above this keeps its evidence as `{ omittedBytes }`. */
  gateBytes: 8 * 1024,
  events: 50,
  eventsBytes: 16 * 1024,
  /** One event above this keeps its details as `{ omittedBytes }`. */
  eventBytes: 4 * 1024,
  /** One folded verdict summary (first, last, decisive). */
  summaryBytes: 2048,
  /** Distinct event types counted by name; the rest count as `other`. */
  eventTypes: 32,
} as const;

export type FoldLimits = typeof FOLD_LIMITS;

/**
 * The documented bound on a status's JSON for a plan of `stages` stages (workflows/README.md): 4 KiB for the rest
 * of the status, the two lists, 3 KiB of folded event counts, and per stage a fold of three summaries.
 */
export function statusBoundBytes(stages: number, limits: FoldLimits = FOLD_LIMITS): number {
  const stageFold = 3 * limits.summaryBytes + 512;
  return 4 * 1024 + limits.gatesBytes + limits.eventsBytes + 3 * 1024 + stages * stageFold;
}

const SEVERITY: Record<VerdictKind, number> = { fail: 3, inconclusive: 2, pass: 1, continue: 0 };
const TYPE_CHARS = 64;

/** UTF-8 length of a value's JSON, as Temporal's JSON payload converter encodes it. */
export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value) ?? '';
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4; // a surrogate pair: one 4-byte code point
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Keeps `status.gates` within its limits, folding the oldest records into `status.folded`. */
export function boundGates(status: RolloutStatus, limits: FoldLimits = FOLD_LIMITS): void {
  boundList(
    status.gates,
    limits.gates,
    limits.gatesBytes,
    (gate) => capGate(gate, limits),
    (oldest) => foldGate(foldedOf(status), oldest, limits),
  );
}

/** Keeps `status.events` within its limits, folding the oldest into counts per type. */
export function boundEvents(status: RolloutStatus, limits: FoldLimits = FOLD_LIMITS): void {
  boundList(
    status.events,
    limits.events,
    limits.eventsBytes,
    (event) => capEvent(event, limits),
    (oldest) => foldEvent(foldedOf(status), oldest, limits),
  );
}

/** Caps the newest item, then folds the oldest away until the list is within its count and its JSON bytes. */
function boundList<T>(list: T[], maxCount: number, maxBytes: number, cap: (item: T) => T, fold: (item: T) => void) {
  if (list.length > 0) list[list.length - 1] = cap(list[list.length - 1]);
  let bytes = listBytes(list);
  while (list.length > 1 && (list.length > maxCount || bytes > maxBytes)) {
    const oldest = list.shift()!;
    bytes -= jsonBytes(oldest) + 1;
    fold(oldest);
  }
}

/** Bounds a whole status, e.g. one carried from a run of code that kept everything. */
export function boundStatus(status: RolloutStatus, limits: FoldLimits = FOLD_LIMITS): void {
  status.gates = status.gates.map((gate) => capGate(gate, limits));
  status.events = status.events.map((event) => capEvent(event, limits));
  boundGates(status, limits);
  boundEvents(status, limits);
}

function listBytes(list: unknown[]): number {
  return list.reduce<number>((sum, item) => sum + jsonBytes(item) + 1, 1);
}

function foldedOf(status: RolloutStatus): FoldedRecord {
  status.folded ??= { gates: 0, events: 0, eventTypes: {}, stages: [] };
  return status.folded;
}

function capGate(gate: GateRecord, limits: FoldLimits): GateRecord {
  const bytes = jsonBytes(gate);
  if (bytes <= limits.gateBytes) return gate;
  const { kind, rule, reasons } = gate.verdict;
  const verdict = { kind, rule: cut(TYPE_CHARS)(rule), reasons: reasons.slice(0, 5).map(cut(300)) };
  const capped = { ...gate, verdict: { ...verdict, evidence: { omittedBytes: bytes } } };
  if (jsonBytes(capped) <= limits.gateBytes) return capped;
  return { ...capped, verdict: { ...capped.verdict, reasons: reasons.slice(0, 1).map(cut(120)) } };
}

function capEvent(event: RolloutEvent, limits: FoldLimits): RolloutEvent {
  const bytes = jsonBytes(event);
  if (bytes <= limits.eventBytes) return event;
  const { details: _details, ...rest } = event;
  return {
    ...rest,
    type: cut(TYPE_CHARS)(event.type),
    actor: cut(256)(event.actor),
    ...(event.reason !== undefined ? { reason: cut(1024)(event.reason) } : {}),
    details: { omittedBytes: bytes },
  };
}

function foldGate(folded: FoldedRecord, gate: GateRecord, limits: FoldLimits): void {
  folded.gates += 1;
  const kind = gate.verdict.kind;
  let stage = folded.stages.find((s) => s.stageIndex === gate.stageIndex);
  if (!stage) {
    const first = summarize(gate, false, limits);
    const decisive = summarize(gate, true, limits);
    stage = {
      stageIndex: gate.stageIndex,
      stage: gate.stage,
      gates: 0,
      counts: zeroCounts(),
      first,
      last: first,
      decisive,
    };
    folded.stages.push(stage);
  } else {
    stage.last = summarize(gate, false, limits);
    if (SEVERITY[kind] > SEVERITY[stage.decisive.kind]) stage.decisive = summarize(gate, true, limits);
  }
  stage.gates += 1;
  stage.counts[kind] += 1;
}

function foldEvent(folded: FoldedRecord, event: RolloutEvent, limits: FoldLimits): void {
  folded.events += 1;
  folded.eventsThrough = event.at;
  const type = cut(TYPE_CHARS)(event.type);
  const known = type in folded.eventTypes || Object.keys(folded.eventTypes).length < limits.eventTypes - 1;
  const key = known ? type : 'other';
  folded.eventTypes[key] = (folded.eventTypes[key] ?? 0) + 1;
}

function zeroCounts(): Record<VerdictKind, number> {
  return { continue: 0, pass: 0, fail: 0, inconclusive: 0 };
}

/** A verdict within `summaryBytes`: evidence (if wanted) while it fits, then fewer and shorter reasons. */
function summarize(gate: GateRecord, withEvidence: boolean, limits: FoldLimits): VerdictSummary {
  const { kind, rule, reasons, evidence } = gate.verdict;
  const base = { at: gate.at, kind, rule: cut(TYPE_CHARS)(rule) };
  const tries: VerdictSummary[] = [
    ...(withEvidence ? [{ ...base, reasons: reasons.slice(0, 3).map(cut(300)), evidence }] : []),
    { ...base, reasons: reasons.slice(0, 3).map(cut(300)) },
    { ...base, reasons: reasons.slice(0, 1).map(cut(120)) },
  ];
  return tries.find((summary) => jsonBytes(summary) <= limits.summaryBytes) ?? { ...base, reasons: [] };
}

function cut(chars: number): (text: string) => string {
  return (text) => (text.length > chars ? `${text.slice(0, chars - 1)}…` : text);
}
