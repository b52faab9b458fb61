// An in-memory Azure ML endpoint behind the `Activities` interface, for workflow tests on the real Temporal server
// before (and beside) the emulator: Azure's traffic rules enforced, faults injectable, metrics made up from the
// live traffic split and each model's configured error rate. Deterministic: no randomness.
import { ApplicationFailure } from '@temporalio/common';
import type { Activities, DeploymentInfo, EndpointSnapshot } from '../../activities/types';
import type { TrafficMap, TrafficState } from '../../domain/endpoint';
import type { ErrorCode } from '../../domain/errors';
import { checkPlanRules, newestVersion, parseModelRef } from '../../domain/plan-rules';
import type { IntervalSample } from '../../domain/verdict';

export interface FakeModel {
  errorRate: number;
  latencyP99Ms: number;
  /** Share of validation inputs on which it agrees with version 1. */
  agreement: number;
}

export const FAKE_MODELS: Record<string, FakeModel> = {
  'azureml:heart:1': { errorRate: 0.01, latencyP99Ms: 80, agreement: 1 },
  'azureml:heart:2': { errorRate: 0.01, latencyP99Ms: 80, agreement: 0.95 },
  'azureml:heart:3': { errorRate: 0.3, latencyP99Ms: 90, agreement: 0.9 },
};

type Op = keyof Activities;

export class FakeAzure {
  deployments: Record<string, DeploymentInfo> = {};
  traffic: TrafficMap = {};
  mirrorTraffic: TrafficMap = {};
  /** Every traffic state the endpoint ever held, in order. */
  readonly trafficLog: TrafficState[] = [];
  readonly calls: { op: Op; at: number }[] = [];
  /** The events sent to webhooks, in order. */
  readonly notifications: Record<string, unknown>[] = [];
  metricsOutage = false;
  /** Candidate data never arrives: the provider hands over grains marked missing (after its bounded wait). */
  metricsMissing = false;
  private faults: { op: Op; type: ErrorCode; remaining: number; nonRetryable: boolean }[] = [];

  constructor(readonly requestsPerSecond = 200, readonly models: Record<string, FakeModel> = FAKE_MODELS) {
    this.deployments.blue = info('blue', 'azureml:heart:1');
    this.setMaps({ blue: 100 }, {});
  }

  /** The next `count` calls of `op` fail with `type` (before doing anything). */
  fail(op: Op, type: ErrorCode, count = 1, nonRetryable = false): void {
    this.faults.push({ op, type, remaining: count, nonRetryable });
  }

  count(op: Op): number {
    return this.calls.filter((call) => call.op === op).length;
  }

  activities(): Activities {
    const wrap = <K extends Op>(op: K, fn: Activities[K]): Activities[K] =>
      (async (input: never) => {
        this.calls.push({ op, at: Date.now() });
        this.injectFault(op);
        return (fn as (i: never) => unknown).call(this, input);
      }) as Activities[K];
    return {
      checkPlan: wrap('checkPlan', async ({ plan }) => {
        const facts = { computeType: 'Managed' as const, deployments: Object.keys(this.deployments), traffic: this.traffic };
        const rules = checkPlanRules(plan, facts);
        const model = this.resolveModel(plan.candidate.model);
        const problems = [...rules.problems];
        if (!model) problems.push({ path: 'candidate.model', rule: 'model.exists', message: `${plan.candidate.model} is not registered` });
        return { ...rules, problems, model: model ?? plan.candidate.model, endpoint: this.snapshot() };
      }),
      getEndpoint: wrap('getEndpoint', async () => this.snapshot()),
      createDeployment: wrap('createDeployment', async ({ name, model, candidate }) => {
        this.deployments[name] = info(name, model, candidate.instance_count);
        return this.deployments[name];
      }),
      scaleDeployment: wrap('scaleDeployment', async ({ name, instanceCount }) => {
        this.deployments[name] = { ...this.mustExist(name), instanceCount };
        return this.deployments[name];
      }),
      deleteDeployment: wrap('deleteDeployment', async ({ name }) => {
        if ((this.traffic[name] ?? 0) > 0) reject(`deployment ${name} has live traffic`);
        delete this.deployments[name];
      }),
      setTraffic: wrap('setTraffic', async ({ traffic, mirrorTraffic }) => {
        this.checkRules(traffic, mirrorTraffic);
        this.setMaps(traffic, mirrorTraffic);
        return this.state();
      }),
      getTraffic: wrap('getTraffic', async () => this.state()),
      compareDeployments: wrap('compareDeployments', async ({ baseline, candidate, requests }) => {
        const [b, c] = [this.modelOf(baseline), this.modelOf(candidate)];
        return {
          baseline: { requests, errors: Math.round(requests * b.errorRate), latencyP99Ms: b.latencyP99Ms },
          candidate: { requests, errors: Math.round(requests * c.errorRate), latencyP99Ms: c.latencyP99Ms },
          agreement: c.agreement, compared: requests,
        };
      }),
      queryMetrics: wrap('queryMetrics', async (input) => {
        if (this.metricsOutage) throw ApplicationFailure.create({ type: 'MetricsUnavailable', message: 'metrics outage' });
        const sample = this.sample(input.baseline, input.candidate, input.start, input.end);
        if (this.metricsMissing && input.candidateShare > 0) {
          return { samples: [{ ...sample, candidate: { requests: 0, errors: 0 }, missing: true }], pending: false };
        }
        return { samples: [sample], pending: false };
      }),
      notify: wrap('notify', async ({ event }) => {
        this.notifications.push(event);
      }),
    };
  }

  state(): TrafficState {
    return { traffic: { ...this.traffic }, mirrorTraffic: { ...this.mirrorTraffic } };
  }

  private sample(baseline: string, candidate: string, start: string, end: string): IntervalSample {
    const seconds = Math.max(0, (Date.parse(end) - Date.parse(start)) / 1000);
    const total = Math.round(this.requestsPerSecond * seconds);
    const live = (this.traffic[candidate] ?? 0) / 100;
    const mirrored = (this.mirrorTraffic[candidate] ?? 0) / 100;
    const candidateRequests = Math.round(total * (live + mirrored));
    const baselineRequests = Math.round(total * ((this.traffic[baseline] ?? 0) / 100));
    const counts = (name: string, requests: number) => {
      const model = this.deployments[name] ? this.modelOf(name) : undefined;
      return { requests, errors: model ? Math.round(requests * model.errorRate) : 0, latencyP99Ms: model?.latencyP99Ms };
    };
    return {
      start, end, candidateShare: live > 0 ? live : mirrored,
      baseline: counts(baseline, baselineRequests), candidate: counts(candidate, candidateRequests),
    };
  }

  private checkRules(traffic: TrafficMap, mirror: TrafficMap): void {
    const sum = Object.values(traffic).reduce((a, b) => a + b, 0);
    if (sum !== 0 && sum !== 100) reject(`traffic must sum to 0 or 100, got ${sum}`);
    for (const name of [...Object.keys(traffic), ...Object.keys(mirror)]) this.mustExist(name);
    const mirrored = Object.entries(mirror).filter(([, pct]) => pct > 0);
    if (mirrored.length > 1) reject('mirrorTraffic goes to one deployment');
    for (const [name, pct] of mirrored) {
      if (pct > 50) reject('mirrorTraffic is at most 50%');
      if ((traffic[name] ?? 0) > 0) reject(`cannot mirror to ${name}: it has live traffic`);
    }
  }

  private setMaps(traffic: TrafficMap, mirror: TrafficMap): void {
    this.traffic = { ...traffic };
    this.mirrorTraffic = { ...mirror };
    this.trafficLog.push(this.state());
  }

  private injectFault(op: Op): void {
    const fault = this.faults.find((f) => f.op === op && f.remaining > 0);
    if (!fault) return;
    fault.remaining -= 1;
    throw ApplicationFailure.create({ type: fault.type, message: `injected ${fault.type} on ${op}`, nonRetryable: fault.nonRetryable });
  }

  private resolveModel(ref: string): string | undefined {
    const parsed = parseModelRef(ref);
    if (!parsed) return undefined;
    if (parsed.version) return this.models[ref] ? ref : undefined;
    const versions = Object.keys(this.models).map((m) => parseModelRef(m)).filter((m) => m?.name === parsed.name);
    const newest = newestVersion(versions.map((m) => m!.version!));
    return newest ? `azureml:${parsed.name}:${newest}` : undefined;
  }

  private modelOf(name: string): FakeModel {
    const model = this.models[this.mustExist(name).model];
    if (!model) reject(`model ${this.deployments[name].model} unknown`);
    return model;
  }

  private mustExist(name: string): DeploymentInfo {
    const found = this.deployments[name];
    if (!found) throw ApplicationFailure.create({ type: 'NotFound', message: `deployment ${name} not found`, nonRetryable: true });
    return found;
  }

  private snapshot(): EndpointSnapshot {
    return {
      name: 'heart', computeType: 'Managed', provisioningState: 'Succeeded',
      deployments: Object.values(this.deployments), ...this.state(),
    };
  }
}

function info(name: string, model: string, instanceCount = 1): DeploymentInfo {
  return { name, model, instanceType: 'Standard_DS3_v2', instanceCount, provisioningState: 'Succeeded' };
}

function reject(message: string): never {
  throw ApplicationFailure.create({ type: 'AzureRejected', message, nonRetryable: true });
}
