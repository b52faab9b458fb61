// What every stage function receives: the input, the resolved plan, the run state and the activity stubs; and the
// one internal signal a stage uses to stop the rollout.
import type { RolloutPlan } from '../domain/plan';
import type { EndpointRef } from '../domain/endpoint';
import type { RolloutInput } from './messages';
import type { RunState } from './state';
import type { Acts } from './proxies';
import type { Notifier } from './notifier';

export interface RunContext {
  input: RolloutInput;
  plan: RolloutPlan;
  target: EndpointRef;
  run: RunState;
  acts: Acts;
  /** Delivers notifications in the background; drained before the run ends or continues as new. */
  notifier?: Notifier;
}

/** Thrown by a stage when the rollout must roll back (a failed gate, a rejection); caught once, in rollout.ts. */
export class RollbackNeeded extends Error {
  constructor(
    readonly reason: string,
    readonly actor: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(reason);
    this.name = 'RollbackNeeded';
  }
}
