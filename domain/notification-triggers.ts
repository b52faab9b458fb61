// Notification triggers and the rollout events they are raised by (the one table), the causes of a pause, and the
// event the workflow hands the delivery activity. No zod here: workflow code imports it.

/**
 * Trigger → the rollout event kind it is raised by. `gate.failed` is the rollback start a failed gate caused (its
 * details carry the verdict); the three outcomes are the rollout's end (`rollout.<result>`, no event in the log);
 * `window-hold` is the event a deployment window's hold records; `schedule.skipped` a scheduled canary's firing that
 * started nothing (the version is already live).
 */
export const TRIGGER_EVENTS = {
  'approval.awaiting': 'approval.awaiting',
  paused: 'paused',
  'gate.failed': 'rollback.started',
  'rolling.back': 'rollback.started',
  'rolled.back': 'rollout.rolledback',
  succeeded: 'rollout.succeeded',
  failed: 'rollout.failed',
  'rollback.stuck': 'rollback.stuck',
  'window.blocking': 'window-hold',
  'schedule.skipped': 'schedule.skipped',
} as const;

export type Trigger = keyof typeof TRIGGER_EVENTS;
export const TRIGGERS = Object.keys(TRIGGER_EVENTS) as [Trigger, ...Trigger[]];

/** Why a rollout paused: a gate that needs more evidence, a metrics outage, an approval timeout, or an operator. */
export const PAUSE_CAUSES = ['inconclusive-gate', 'metrics-outage', 'approval-timeout', 'operator'] as const;
export type PauseCause = (typeof PAUSE_CAUSES)[number];

/** The part of a rollout event the triggers look at. */
export interface TriggerSource {
  type: string;
  actor?: string;
  details?: Record<string, unknown>;
}

/** The triggers an event raises, the most specific first (a failed gate is also a rollback starting). */
export function triggersOf(event: TriggerSource): Trigger[] {
  const raised = TRIGGERS.filter((trigger) => TRIGGER_EVENTS[trigger] === event.type);
  if (event.type !== 'rollback.started') return raised;
  return event.details?.verdict !== undefined ? ['gate.failed', 'rolling.back'] : ['rolling.back'];
}

export function pauseCauseOf(event: TriggerSource): PauseCause {
  const cause = event.details?.cause;
  if (typeof cause === 'string' && (PAUSE_CAUSES as readonly string[]).includes(cause)) return cause as PauseCause;
  if (event.actor === 'system:timeout') return 'approval-timeout';
  if (event.actor === 'system')
    return event.details?.consecutive !== undefined ? 'metrics-outage' : 'inconclusive-gate';
  return 'operator';
}

/** What the workflow hands the delivery activity: one event, rendered per channel by the worker. */
export interface NotificationEvent {
  /** The trigger the message is about, and every trigger the event raised (subscriptions match any of them). */
  trigger: Trigger;
  triggers: Trigger[];
  /** The event's place in the rollout's log (`rollout.<result>` outcomes use `end`): part of the dedupe key. */
  sequence: number | 'end';
  rolloutId: string;
  runId: string;
  endpoint: string;
  state: string;
  /** The candidate's share of live traffic, percent. */
  weight: number;
  cause?: PauseCause;
  /** What happened, in one line (a verdict's reasons, a pause's reason, the outcome). */
  evidence: string;
  actor: string;
  at: string;
  model: string;
  candidate: string;
}

/** The plain-text headline of a message. */
export function headline(event: Pick<NotificationEvent, 'trigger' | 'endpoint' | 'cause' | 'weight'>): string {
  const what: Record<Trigger, string> = {
    'approval.awaiting': 'awaits approval',
    paused: `paused (${event.cause ?? 'operator'})`,
    'gate.failed': 'failed a gate',
    'rolling.back': 'is rolling back',
    'rolled.back': 'rolled back',
    succeeded: 'succeeded',
    failed: 'FAILED: traffic not restored',
    'rollback.stuck': 'rollback stuck: traffic not restored yet',
    'window.blocking': 'held by a deployment window',
    'schedule.skipped': 'skipped by its schedule',
  };
  return `Rollout of ${event.endpoint} ${what[event.trigger]} at ${event.weight}% candidate traffic`;
}
