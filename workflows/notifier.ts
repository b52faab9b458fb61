// Notifications from the rollout's event log: every event that raises a trigger (domain/notifications.ts), and the
// outcome, is handed to the deliverNotification activity in the background, off the critical path (no stage awaits
// it; its failures become a `notify.failed` event). What was handed over and what is still in flight are run state,
// so a run that continues as new resends only what the last one had not finished (the activity drops repeats).
import { CancellationScope, condition, patched, workflowInfo } from '@temporalio/workflow';
import {
  pauseCauseOf,
  triggersOf,
  type NotificationEvent,
  type Trigger,
  type TriggerSource,
} from '../domain/notification-triggers';
import type { DeliverInput } from '../activities/types';
import type { Acts } from './proxies';
import { describeFailure } from './failure';
import { addEvent, type RunState } from './state';

export const PATCH_NOTIFICATION_CHANNELS = 'notification-channels';
/** How long the end of a run (or a continue-as-new) waits for deliveries in flight: a dead receiver costs no more. */
const DRAIN_MS = 10_000;

export interface Notifier {
  /** Waits, bounded, until everything raised so far is delivered or has failed. */
  drain(): Promise<void>;
}

export interface NotifyProgress {
  /** Absolute index (folded events included) of the first event not yet looked at. */
  through: number;
  outcomeSent?: boolean;
  inFlight: DeliverInput[];
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 500);

function evidenceOf(event: TriggerSource & { reason?: string }): string {
  const gate = event.details?.gate;
  if (event.type === 'approval.awaiting') {
    const message = event.details?.message;
    return oneLine(`approval gate '${String(gate)}' waits${typeof message === 'string' ? `: ${message}` : ''}`);
  }
  const attempts = event.details?.attempts;
  const suffix = event.type === 'rollback.stuck' && attempts !== undefined ? ` (${String(attempts)} attempts)` : '';
  return oneLine(`${event.reason ?? event.type}${suffix}`);
}

/** Starts the notifier; in runs from before the patch it does nothing, so their histories replay. */
export function startNotifier(run: RunState, acts: Acts, notifications: DeliverInput['notifications']): Notifier {
  if (!patched(PATCH_NOTIFICATION_CHANNELS)) return { drain: async () => undefined };
  const folded = () => run.status.folded?.events ?? 0;
  const total = () => folded() + run.status.events.length;
  const progress: NotifyProgress = (run.notify ??= { through: total(), inFlight: [] });

  const message = (
    trigger: Trigger,
    triggers: Trigger[],
    sequence: number | 'end',
    source: TriggerSource & { reason?: string; at: string },
  ): NotificationEvent => {
    const { status } = run;
    return {
      trigger,
      triggers,
      sequence,
      rolloutId: status.rolloutId,
      runId: workflowInfo().firstExecutionRunId,
      endpoint: status.target.endpoint,
      state: status.state,
      weight: status.traffic[status.candidate] ?? 0,
      ...(trigger === 'paused' ? { cause: pauseCauseOf(source) } : {}),
      evidence: evidenceOf(source),
      actor: source.actor ?? 'system',
      at: source.at,
      model: status.model,
      candidate: status.candidate,
    };
  };

  const send = (input: DeliverInput) => {
    if (!progress.inFlight.includes(input)) progress.inFlight.push(input);
    const { event } = input;
    const settle = () => progress.inFlight.splice(progress.inFlight.indexOf(input), 1);
    acts.notify.deliverNotification(input).then(
      (report) => {
        settle();
        if (report.failed.length + report.missing.length === 0) return;
        const channels = [
          ...report.failed.map((f) => `${f.channel}: ${f.reason}`),
          ...report.missing.map((c) => `${c}: deleted`),
        ];
        addEvent(run, {
          type: 'notify.failed',
          actor: 'system',
          reason: channels.join('; '),
          details: { trigger: event.trigger },
        });
      },
      (error: unknown) => {
        settle();
        addEvent(run, {
          type: 'notify.failed',
          actor: 'system',
          reason: describeFailure(error),
          details: { trigger: event.trigger },
        });
      },
    );
  };

  const raise = () => {
    for (; progress.through < total(); progress.through++) {
      // Events folded before the notifier saw them (a burst larger than the kept list) are not sent.
      const event = run.status.events[progress.through - folded()];
      const triggers = event ? triggersOf(event) : [];
      if (triggers.length > 0) send({ event: message(triggers[0], triggers, progress.through, event), notifications });
    }
    const outcome = run.status.outcome;
    if (outcome && !progress.outcomeSent) {
      progress.outcomeSent = true;
      const triggers = triggersOf({ type: `rollout.${outcome.result.toLowerCase()}` });
      const source = { type: 'outcome', reason: outcome.reason, at: outcome.at, actor: 'system' };
      if (triggers.length > 0) send({ event: message(triggers[0], triggers, 'end', source), notifications });
    }
  };

  // Not cancellable: a cancelled rollout rolls back, and its notifications must still go out.
  void CancellationScope.nonCancellable(async () => {
    for (const input of [...progress.inFlight]) send(input);
    for (;;) {
      raise();
      await condition(() => progress.through < total() || (run.status.outcome !== undefined && !progress.outcomeSent));
    }
  });
  return {
    drain: async () => {
      raise();
      // Only when something is in flight: a condition with a timeout starts a timer, a command in the history.
      if (progress.inFlight.length > 0) await condition(() => progress.inFlight.length === 0, DRAIN_MS);
    },
  };
}
