// The activity behind scheduled canaries: starts rolloutWorkflow under the endpoint's rollout id (conflict policy
// FAIL) so a schedule never stacks a second rollout on an endpoint; "already started" is recorded, not an error.
// A firing whose model (`@latest` resolved) is the version the baseline already serves is skipped, and says so; so is
// one inside a change freeze.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { rolloutId } from '../domain/endpoint';
import type { EndpointRef } from '../domain/endpoint';
import type { RolloutPlan } from '../domain/plan';
import { ROLLOUT_WORKFLOW, type RolloutStartInput } from '../domain/workflow-types';
import { alreadyLive, type LiveCheckDeps } from './scheduled-skip';
import type { RecordAuditInput } from './audit';
import { checkWindows, type WindowHold } from '../domain/window-calendar';
import type { WindowRuleSource } from './windows';

export interface ScheduledRolloutInput {
  scheduleId: string;
  target: EndpointRef;
  /** Parsed plan template; its model may be `azureml:NAME@latest`, resolved by the rollout's checkPlan. */
  plan: RolloutPlan;
}

export type ScheduledRolloutResult =
  | { started: true; rolloutId: string; runId: string }
  | {
      started: false;
      rolloutId: string;
      reason: string;
      /**
       * `active`: a rollout runs on the endpoint; `alreadyLive`: the model is the version the baseline serves;
       * `freeze`: a deny window is active on the endpoint.
       */
      skipped?: 'active' | 'alreadyLive' | 'freeze';
      activeRunId?: string;
      /** The resolved model, for `alreadyLive`. */
      model?: string;
      /** The freeze, for `freeze`. */
      window?: WindowHold;
    };

export interface RolloutStarterActivities {
  startScheduledRollout(input: ScheduledRolloutInput): Promise<ScheduledRolloutResult>;
}

export interface RolloutStarterDeps extends Partial<LiveCheckDeps> {
  client: Client;
  taskQueue: string;
  /** Appends to the audit log (the recordAudit activity's function). */
  recordAudit?: (input: RecordAuditInput) => Promise<unknown>;
  /** The admin's deployment windows: a firing inside a freeze is skipped. */
  windowRules?: WindowRuleSource;
}

export function createRolloutStarter(deps: RolloutStarterDeps): RolloutStarterActivities {
  const audited = async (result: ScheduledRolloutResult, scheduleId: string) => {
    await deps.recordAudit?.({
      actor: `schedule:${scheduleId}`,
      action: 'scheduled-start',
      target: result.rolloutId,
      outcome: result.started ? 'ok' : 'skipped',
      reason: result.started ? `scheduled canary ${scheduleId} started run ${result.runId}` : result.reason,
    });
    return result;
  };
  return {
    async startScheduledRollout({ scheduleId, target, plan }) {
      const id = rolloutId(target);
      const freeze = await freezeAt(deps.windowRules, target, Date.now());
      if (freeze) {
        const until = freeze.opensAt ? ` until ${freeze.opensAt}` : '';
        const reason = `inside change freeze '${freeze.ruleId}'${until}: ${freeze.reason}`;
        return audited({ started: false, rolloutId: id, reason, skipped: 'freeze', window: freeze }, scheduleId);
      }
      const live = deps.checkPlan ? await alreadyLive(deps as LiveCheckDeps, { scheduleId, target, plan }) : undefined;
      if (live) return audited({ started: false, rolloutId: id, skipped: 'alreadyLive', ...live }, scheduleId);
      const input: RolloutStartInput = {
        rolloutId: id,
        target,
        plan,
        startedBy: `schedule:${scheduleId}`,
        reason: `scheduled canary ${scheduleId}`,
      };
      try {
        const handle = await deps.client.workflow.start(ROLLOUT_WORKFLOW, {
          taskQueue: deps.taskQueue,
          workflowId: id,
          workflowIdConflictPolicy: 'FAIL',
          args: [input],
        });
        return audited({ started: true, rolloutId: id, runId: handle.firstExecutionRunId }, scheduleId);
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) {
          const description = await deps.client.workflow
            .getHandle(id)
            .describe()
            .catch(() => undefined);
          const reason = 'a rollout is already active on the endpoint';
          const active = { reason, skipped: 'active', activeRunId: description?.runId } as const;
          return audited({ started: false, rolloutId: id, ...active }, scheduleId);
        }
        throw error;
      }
    },
  };
}

/** A deny rule active now: a scheduled run would start inside a freeze. (Outside an allow window it starts and waits.) */
async function freezeAt(
  rules: WindowRuleSource | undefined,
  target: EndpointRef,
  at: number,
): Promise<WindowHold | undefined> {
  if (!rules) return undefined;
  const check = checkWindows(await rules(), target, at);
  return !check.open && check.hold.effect === 'deny' ? check.hold : undefined;
}
