// An in-memory Azure ML endpoint behind the ports of activities/ports.ts, so the real activities run over it in
// workflow and activity tests without the emulator: Azure's rules enforced (traffic sums to 0 or 100, one mirror
// of at most 50% to a deployment without live traffic, one operation at a time, no deleting a deployment with live
// traffic), Azure's errors thrown, faults injectable, metrics and scores made up from the traffic split and each
// model's configured behaviour (fake-azure-data.ts). Deterministic: no randomness.
import { Context } from '@temporalio/activity';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockAgent } from 'undici';
import { notificationStore } from '../../channels/records';
import { createActivities, type ActivityDeps } from '../../activities';
import type { ActivityHooks } from '../../activities/context';
import type { AzurePorts, DeploymentRecord, DeploymentSpec } from '../../activities/ports';
import type { Activities } from '../../activities/types';
import type { EndpointRef, TrafficMap, TrafficState } from '../../domain/endpoint';
import { parseModelRef } from '../../domain/plan-rules';
import { FakeAssets } from './fake-assets';
import { FAKE_MODELS, fakeMetrics, fakeScorer, type FakeModel } from './fake-azure-data';
import type { ComputeType } from '../../domain/azure-rules';
import { azureError, faultError, operationFailed, record, trafficProblem, type FakeFault } from './fake-azure-rules';

export { FAKE_MODELS, type FakeModel } from './fake-azure-data';
export type { FakeFault } from './fake-azure-rules';

/** The fake's endpoint; the workspace does not matter to it. */
export const FAKE_TARGET: EndpointRef = {
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  resourceGroup: 'rg',
  workspace: 'ws',
  endpoint: 'heart',
};

/** The fake's metrics clock: half-second grains, as the emulator's test clock; no ingestion delay, the fake's data
 * is complete at once. */
export const FAKE_METRICS_CLOCK = { grainMs: 500, lagMs: 0 } as const;

/** Every port call, by port and method. */
export type FakeOp =
  | 'endpoints.get'
  | 'endpoints.putTraffic'
  | 'deployments.list'
  | 'deployments.settled'
  | 'deployments.resource'
  | 'deployments.create'
  | 'deployments.scale'
  | 'deployments.delete'
  | 'models.versions'
  | 'models.findVersion'
  | 'metrics.query'
  | 'scoring.open';

export class FakeAzure {
  deployments: Record<string, DeploymentRecord> = {};
  traffic: TrafficMap = {};
  mirrorTraffic: TrafficMap = {};
  /** Every traffic state the endpoint ever held, in order. */
  readonly trafficLog: TrafficState[] = [];
  readonly calls: { op: FakeOp; at: number }[] = [];
  /** A store of its own, holding the channel `addChannel` makes. */
  readonly storeDir = mkdtempSync(join(tmpdir(), 'fake-store-'));
  /** The events POSTed to webhooks, in order. */
  readonly notifications: Record<string, unknown>[] = [];
  /** Azure Monitor answers 503 while set. */
  metricsOutage = false;
  /** Candidate data never arrives: Azure Monitor has no series but the baseline blue's. */
  metricsMissing = false;
  /** How long each long-running operation runs; the endpoint refuses other changes meanwhile (409). */
  operationMs = 0;
  /** Environment and code versions, model types, Kubernetes instance types. */
  readonly assets = new FakeAssets();
  readonly endpoint: { name: string; location: string; computeType: ComputeType; compute?: string };
  private faults: { op: FakeOp; fault: FakeFault; remaining: number }[] = [];
  private readonly held = new Set<FakeOp>();
  private operation: Promise<void> | undefined;
  private readonly webhooks = new MockAgent();

  constructor(
    readonly requestsPerSecond = 200,
    readonly models: Record<string, FakeModel> = FAKE_MODELS,
    endpoint: Partial<FakeAzure['endpoint']> = {},
  ) {
    this.endpoint = { name: 'heart', location: 'eastus', computeType: 'Managed', ...endpoint };
    this.deployments.blue = record('blue', 'azureml:heart:1');
    this.setMaps({ blue: 100 }, {});
    this.webhooks.disableNetConnect();
    this.webhooks
      .get(/.*/)
      .intercept({ path: /.*/, method: 'POST' })
      .reply((req) => {
        this.notifications.push(JSON.parse(String(req.body)) as Record<string, unknown>);
        return { statusCode: 204 };
      })
      .persist();
  }

  /** A generic webhook channel in the fake's store, answered in memory: its events land in `notifications`. */
  async addChannel(id = 'ops'): Promise<void> {
    const now = new Date().toISOString();
    await notificationStore(this.storeDir).channels.update((records) => {
      records.set(id, {
        id,
        kind: 'webhook',
        url: 'https://hooks.example/rollouts',
        secret: 'fake-secret-0123456789',
        createdAt: now,
        updatedAt: now,
        createdBy: 'test',
      });
    });
  }

  /**
   * The next `count` calls of `op` fail as Azure would to make the activities report `fault`: an HTTP status
   * (throttled, unavailable, conflict, rejected), an operation that ends Failed, or a traffic PUT Azure accepts but
   * does not apply (the read-back then differs).
   */
  fail(op: FakeOp, fault: FakeFault, count = 1): void {
    this.faults.push({ op, fault, remaining: count });
  }

  /** Calls of `op` wait (heartbeating, so a cancellation reaches them) until `release(op)`. */
  hold(op: FakeOp): void {
    this.held.add(op);
  }

  release(op: FakeOp): void {
    this.held.delete(op);
  }

  count(op: FakeOp): number {
    return this.calls.filter((call) => call.op === op).length;
  }

  state(): TrafficState {
    return { traffic: { ...this.traffic }, mirrorTraffic: { ...this.mirrorTraffic } };
  }

  /** The production activities over this fake, webhooks answered in memory. */
  activities(deps: Partial<Omit<ActivityDeps, 'ports'>> = {}): Activities {
    return createActivities({
      // hooks.example resolves to a public (documentation) address; the mock agent answers in memory.
      notify: { dispatcher: this.webhooks, storeDir: this.storeDir, resolve: async () => ['203.0.113.7'] },
      metrics: FAKE_METRICS_CLOCK,
      ...deps,
      ports: this.ports(),
    });
  }

  ports(): AzurePorts {
    return {
      endpoints: {
        get: async (target) => {
          this.enter('endpoints.get', target);
          return { ...this.endpoint, provisioningState: 'Succeeded', ...this.state() };
        },
        putTraffic: (target, state, hooks) => this.putTraffic(target, state, hooks),
      },
      deployments: {
        list: async (target) => {
          this.enter('deployments.list', target);
          return Object.values(this.deployments).map((d) => ({ ...d }));
        },
        settled: (target, name) => this.settled(target, name),
        resource: async (target, name) => {
          this.enter('deployments.resource', target);
          const d = this.deployments[name];
          return (
            d && {
              name,
              sku: { name: 'Default', capacity: d.instanceCount },
              properties: {
                model: d.model,
                instanceType: d.instanceType,
                requestSettings: { maxConcurrentRequestsPerInstance: d.maxConcurrentRequestsPerInstance ?? 1 },
              },
            }
          );
        },
        create: (target, name, spec, hooks) => this.create(target, name, spec, hooks),
        scale: (target, name, count, hooks) => this.scale(target, name, count, hooks),
        delete: (target, name, hooks) => this.delete(target, name, hooks),
      },
      models: {
        versions: async (target, name) => {
          this.enter('models.versions', target);
          return Object.keys(this.models)
            .map(parseModelRef)
            .filter((m) => m?.name === name)
            .map((m) => m!.version!);
        },
        findVersion: async (target, name, version) => {
          this.enter('models.findVersion', target);
          return this.models[`azureml:${name}:${version}`] ? { archived: false } : undefined;
        },
      },
      assets: this.assets.port(),
      metrics: {
        query: async (target, names, options) => {
          this.enter('metrics.query', target);
          await this.whileHeld('metrics.query');
          if (this.metricsOutage) throw azureError(503, 'ServiceUnavailable', 'Azure Monitor is unavailable');
          const metrics = fakeMetrics(this, target, names, options);
          if (!this.metricsMissing) return metrics;
          const fromBlue = (series: { metadatavalues?: { name?: string; value?: string }[] }) =>
            series.metadatavalues?.some((m) => m.name === 'deployment' && m.value === 'blue');
          return metrics.map((metric) => ({ ...metric, timeseries: metric.timeseries?.filter(fromBlue) }));
        },
      },
      scoring: {
        open: async (target) => {
          this.enter('scoring.open', target);
          return fakeScorer(this);
        },
      },
    };
  }

  /** The model a deployment runs. */
  modelOf(name: string): FakeModel | undefined {
    const deployment = this.deployments[name];
    return deployment && this.models[deployment.model];
  }

  private async putTraffic(target: EndpointRef, state: TrafficState, hooks: ActivityHooks): Promise<void> {
    const fault = this.enter('endpoints.putTraffic', target);
    const problem = trafficProblem(state, this.deployments, this.endpoint.computeType);
    if (problem) throw azureError(400, 'BadRequest', problem);
    this.claim();
    await this.run(hooks, { op: 'putEndpointTraffic', ...state }, () => {
      if (fault === 'AzureOperationFailed') throw operationFailed('the endpoint update failed');
      if (fault !== 'TrafficVerificationFailed') this.setMaps(state.traffic, state.mirrorTraffic);
    });
  }

  private async settled(target: EndpointRef, name: string): Promise<DeploymentRecord | undefined> {
    this.enter('deployments.settled', target);
    const transitional = ['Creating', 'Updating', 'Scaling', 'Deleting'];
    if (transitional.includes(this.deployments[name]?.provisioningState)) await this.operation?.catch(() => undefined);
    return this.deployments[name] && { ...this.deployments[name] };
  }

  private async create(target: EndpointRef, name: string, spec: DeploymentSpec, hooks: ActivityHooks): Promise<void> {
    const fault = this.enter('deployments.create', target);
    if (!this.models[spec.model]) throw azureError(400, 'BadRequest', `model ${spec.model} is not registered`);
    this.claim();
    const existing = this.deployments[name];
    const deployment = record(name, spec.model, spec.candidate.instance_count, spec.candidate.instance_type);
    this.deployments[name] = { ...deployment, provisioningState: existing ? 'Updating' : 'Creating' };
    await this.run(hooks, { op: 'createDeployment', name }, () => this.finish(name, deployment, fault));
  }

  private async scale(target: EndpointRef, name: string, instanceCount: number, hooks: ActivityHooks): Promise<void> {
    const fault = this.enter('deployments.scale', target);
    const existing = this.mustExist(name);
    this.claim();
    this.deployments[name] = { ...existing, provisioningState: 'Scaling' };
    await this.run(hooks, { op: 'scaleDeployment', name, instanceCount }, () =>
      this.finish(name, { ...existing, instanceCount }, fault),
    );
  }

  private async delete(target: EndpointRef, name: string, hooks: ActivityHooks): Promise<void> {
    this.enter('deployments.delete', target);
    await this.whileHeld('deployments.delete');
    const existing = this.mustExist(name);
    if ((this.traffic[name] ?? 0) > 0) {
      throw azureError(400, 'BadRequest', `deployment ${name} has ${this.traffic[name]}% of live traffic`);
    }
    this.claim();
    this.deployments[name] = { ...existing, provisioningState: 'Deleting' };
    await this.run(hooks, { op: 'deleteDeployment', name }, () => {
      delete this.deployments[name];
      // Azure drops a deleted deployment from both maps.
      const { [name]: _live, ...traffic } = this.traffic;
      const { [name]: _mirror, ...mirrorTraffic } = this.mirrorTraffic;
      if (name in this.traffic || name in this.mirrorTraffic) this.setMaps(traffic, mirrorTraffic);
    });
  }

  private finish(name: string, deployment: DeploymentRecord, fault: FakeFault | undefined): void {
    if (fault === 'AzureOperationFailed') {
      this.deployments[name] = { ...deployment, provisioningState: 'Failed' };
      throw operationFailed(`deployment ${name} failed to provision`);
    }
    this.deployments[name] = deployment;
  }

  /** Azure runs one operation at a time on an endpoint and answers 409 to a change meanwhile. */
  private claim(): void {
    if (this.operation) throw azureError(409, 'Conflict', 'another operation is in progress on the endpoint');
  }

  /** One long-running operation (claimed first): `apply` after `operationMs`, then a heartbeat as after a poll. */
  private async run(hooks: ActivityHooks, progress: Record<string, unknown>, apply: () => void): Promise<void> {
    const done = (async () => {
      await new Promise((resolve) => setTimeout(resolve, this.operationMs));
      apply();
    })();
    this.operation = done;
    try {
      await done;
    } finally {
      this.operation = undefined;
      hooks.heartbeat({ ...progress, polls: 1, done: true });
    }
  }

  /** Records the call, answers 404 for another endpoint, and throws or returns the fault due on `op`. */
  private enter(op: FakeOp, target: EndpointRef): FakeFault | undefined {
    this.calls.push({ op, at: Date.now() });
    if (target.endpoint !== this.endpoint.name) {
      throw azureError(404, 'ResourceNotFound', `online endpoint ${target.endpoint} does not exist`);
    }
    const due = this.faults.find((f) => f.op === op && f.remaining > 0);
    if (!due) return undefined;
    due.remaining -= 1;
    const error = faultError(due.fault, op);
    if (error) throw error;
    return due.fault;
  }

  /** Runs inside an activity: heartbeats while held, and rejects with CancelledFailure once it is cancelled. */
  private async whileHeld(op: FakeOp): Promise<void> {
    while (this.held.has(op)) {
      Context.current().heartbeat();
      await Promise.race([new Promise((resolve) => setTimeout(resolve, 100)), Context.current().cancelled]);
    }
  }

  private setMaps(traffic: TrafficMap, mirror: TrafficMap): void {
    this.traffic = { ...traffic };
    this.mirrorTraffic = { ...mirror };
    this.trafficLog.push(this.state());
  }

  private mustExist(name: string): DeploymentRecord {
    const found = this.deployments[name];
    if (!found) throw azureError(404, 'ResourceNotFound', `deployment ${name} does not exist`);
    return found;
  }
}
