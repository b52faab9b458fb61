// The in-process control surface of a running emulator (`RunningEmulator.faults`), also served by the admin API:
// fault injection, provisioning time, behaviour overrides and the traffic generator.
import type { ModelBehaviour } from '../types';
import type { Workspace } from '../workspace/state';
import type {
  ConflictFault,
  FailOperationFault,
  FaultState,
  ServerErrorFault,
  SlowFault,
  ThrottleFault,
} from './fault-state';
import type { TrafficControl } from './traffic';

export interface Timing {
  provisioningMs: number;
  retryAfterSeconds?: number;
}

export interface EmulatorFaults {
  throttle(fault: ThrottleFault): void;
  serverErrors(fault: ServerErrorFault): void;
  /** 409 Conflict ("an operation is in progress") to matching calls, until `count` is used up or cleared. */
  conflicts(fault: ConflictFault): void;
  failNextOperation(fault: FailOperationFault): void;
  /** Matching calls (ARM and metrics queries) are answered `delayMs` late. */
  slowResponses(fault: SlowFault): void;
  setProvisioningMs(ms: number): void;
  setRetryAfterSeconds(seconds: number | undefined): void;
  metricsOutage(on: boolean): void;
  metricsDelay(ms: number): void;
  /** Overrides the behaviour of one deployment's model; `undefined` removes the override. */
  setDeploymentBehaviour(endpoint: string, deployment: string, behaviour: Partial<ModelBehaviour> | undefined): void;
  /** Changes a registered model version's behaviour (every deployment serving it). */
  setModelBehaviour(name: string, version: number, behaviour: Partial<ModelBehaviour>): void;
  /** Removes every injected fault (not behaviour overrides, not timing). */
  clear(): void;
  describe(): ReturnType<FaultState['describe']> & Timing;
  traffic: TrafficControl;
}

export function createController(
  ws: Workspace,
  state: FaultState,
  timing: Timing,
  traffic: TrafficControl,
): EmulatorFaults {
  return {
    throttle: (f) => state.throttle(f),
    serverErrors: (f) => state.serverError(f),
    conflicts: (f) => state.conflict(f),
    failNextOperation: (f) => state.failOperation(f),
    slowResponses: (f) => state.slow(f),
    setProvisioningMs(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`provisioningMs: must be a number >= 0, got ${ms}`);
      timing.provisioningMs = ms;
    },
    setRetryAfterSeconds(seconds) {
      if (seconds !== undefined && (!Number.isInteger(seconds) || seconds < 0)) {
        throw new Error(`retryAfterSeconds: must be an integer >= 0, got ${seconds}`);
      }
      timing.retryAfterSeconds = seconds;
    },
    metricsOutage: (on) => (state.metrics.outage = on),
    metricsDelay(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`delayMs: must be a number >= 0, got ${ms}`);
      state.metrics.delayMs = ms;
    },
    setDeploymentBehaviour(endpoint, deployment, behaviour) {
      const dep = ws.endpoint(endpoint)?.deployments[deployment];
      if (!dep) throw new Error(`deployment: no deployment '${deployment}' on endpoint '${endpoint}'`);
      checkBehaviour(behaviour ?? {});
      dep.behaviourOverride = behaviour ? { ...dep.behaviourOverride, ...behaviour } : undefined;
      ws.changed();
    },
    setModelBehaviour(name, version, behaviour) {
      const model = ws.modelVersion(name, String(version));
      if (!model) throw new Error(`model: no version ${version} of model '${name}'`);
      checkBehaviour(behaviour);
      model.behaviour = { ...model.behaviour, ...behaviour };
      ws.changed();
    },
    clear: () => state.clear(),
    describe: () => ({ ...state.describe(), ...timing }),
    traffic,
  };
}

function checkBehaviour(b: Partial<ModelBehaviour>): void {
  for (const key of ['errorRate', 'flipRate'] as const) {
    const v = b[key];
    if (v !== undefined && (typeof v !== 'number' || v < 0 || v > 1))
      throw new Error(`${key}: must be a number from 0 to 1`);
  }
  const l = b.latencyMs;
  if (l !== undefined && !(l.median > 0 && l.p99 >= l.median)) {
    throw new Error('latencyMs: needs median > 0 and p99 >= median (milliseconds)');
  }
  const w = b.atWeight;
  if (w !== undefined) {
    if (!(Number.isInteger(w.minWeight) && w.minWeight >= 0 && w.minWeight <= 100)) {
      throw new Error('atWeight.minWeight: must be an integer from 0 to 100 (the live traffic weight)');
    }
    checkBehaviour({ errorRate: w.errorRate, latencyMs: w.latencyMs });
  }
}
