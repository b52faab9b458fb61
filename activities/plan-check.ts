// checkPlan: the plan against the live endpoint and Azure's rules, before anything changes. Live lookups here
// (endpoint, deployments, model registry; the candidate's assets in candidate-check.ts); the rules themselves are
// pure, in domain/plan-rules.ts and domain/candidate-rules.ts.
import type { EndpointRef } from '../domain/endpoint';
import type { ErrorDetail } from '../domain/errors';
import { metricsClockProblems } from '../domain/plan-metrics';
import { checkPlanRules, MODEL_ARCHIVED, newestVersion, parseModelRef } from '../domain/plan-rules';
import { capacityCheck, kubernetesProblems } from './capacity-check';
import { checkCandidate } from './candidate-check';
import { idleEndpointProblems, isIdleEndpoint, newEndpointCheck, specCompute } from './first-release-check';
import { activityHooks, type ActivityHooks } from './context';
import { endpointSnapshot } from './endpoint';
import { callAzure, isNotFound } from './failures';
import { AZURE_METRICS, type MetricsSettings } from './metric-samples';
import type { AzurePorts, ModelsPort } from './ports';
import type { EndpointSnapshot, PlanCheck, PlanCheckInput } from './types';
import { notificationProblems } from '../channels/plan-references';
import { notificationStore } from '../channels/records';
import type { NotifyOptions } from './notify-options';

interface ModelResolution {
  /** `azureml:NAME:VERSION`, or the reference as written when it could not be resolved. */
  model: string;
  problems: ErrorDetail[];
  /** An archived version still deploys on Azure, but is on its way out: said, not refused. */
  warnings: ErrorDetail[];
}

const PATH = 'candidate.model';

/** Does `azureml:NAME:VERSION` exist, and which version is `azureml:NAME@latest`. */
async function resolveModel(
  models: ModelsPort,
  target: EndpointRef,
  ref: string,
  hooks: ActivityHooks,
): Promise<ModelResolution> {
  const parsed = parseModelRef(ref);
  if (!parsed) return { model: ref, problems: [], warnings: [] }; // the format rule already reports it
  if (parsed.version !== undefined) {
    const found = await models.findVersion(target, parsed.name, parsed.version, hooks);
    if (found?.archived) {
      const message = `model '${parsed.name}' version ${parsed.version} is archived`;
      return { model: ref, problems: [], warnings: [{ path: PATH, rule: MODEL_ARCHIVED, message }] };
    }
    if (found) return { model: ref, problems: [], warnings: [] };
    const message = `model '${parsed.name}' has no registered version ${parsed.version}`;
    return { model: ref, problems: [{ path: PATH, rule: 'model.exists', message }], warnings: [] };
  }
  const newest = newestVersion(await models.versions(target, parsed.name, hooks));
  if (newest === undefined) {
    const message = `model '${parsed.name}' has no registered versions`;
    return { model: ref, problems: [{ path: PATH, rule: 'model.exists', message }], warnings: [] };
  }
  return { model: `azureml:${parsed.name}:${newest}`, problems: [], warnings: [] };
}

function missingEndpoint(name: string): EndpointSnapshot {
  return {
    name,
    computeType: 'Managed',
    provisioningState: 'NotFound',
    deployments: [],
    traffic: {},
    mirrorTraffic: {},
  };
}

async function checkPlan(
  { target, plan }: PlanCheckInput,
  ports: AzurePorts,
  metrics: MetricsSettings,
  notify: NotifyOptions,
): Promise<PlanCheck> {
  const hooks = activityHooks();
  const store = notify.storeDir ? notificationStore(notify.storeDir) : undefined;
  const mismatch = [
    ...(await notificationProblems(plan.notifications, store, notify.allowlist ?? [], notify.resolve)),
    ...(plan.endpoint === target.endpoint
      ? []
      : [
          {
            path: 'endpoint',
            rule: 'endpoint.matchesTarget',
            message: `the plan names '${plan.endpoint}' but the target is '${target.endpoint}'`,
          },
        ]),
    ...metricsClockProblems(plan, metrics),
  ];
  const endpoint = await ports.endpoints.get(target, hooks).catch((err) => {
    if (isNotFound(err)) return undefined;
    throw err;
  });
  if (!endpoint) {
    const fresh = newEndpointCheck({ target, plan });
    if (fresh) {
      const model = await resolveModel(ports.models, target, plan.candidate.model, hooks);
      const compute = specCompute(plan);
      const instanceType =
        compute && ports.capacity
          ? await kubernetesProblems(ports.capacity, target, { compute }, plan.candidate.instance_type, hooks)
          : [];
      return {
        problems: [...mismatch, ...fresh.problems, ...model.problems, ...instanceType],
        baseline: '',
        candidateName: fresh.candidateName,
        model: model.model,
        endpoint: { ...missingEndpoint(target.endpoint), computeType: compute ? 'Kubernetes' : 'Managed' },
        firstRelease: { createEndpoint: true },
      };
    }
    const problem = {
      path: 'endpoint',
      rule: 'endpoint.exists',
      message: `online endpoint '${target.endpoint}' does not exist`,
    };
    return {
      problems: [...mismatch, problem],
      baseline: plan.baseline ?? '',
      candidateName: plan.candidate.name ?? 'green',
      model: plan.candidate.model,
      endpoint: missingEndpoint(target.endpoint),
    };
  }
  const snapshot = endpointSnapshot(endpoint, await ports.deployments.list(target, hooks));
  const facts = {
    computeType: snapshot.computeType,
    deployments: snapshot.deployments.map((d) => d.name),
    traffic: snapshot.traffic,
    mirrorTraffic: snapshot.mirrorTraffic,
  };
  const rules = checkPlanRules(plan, facts);
  const idle = isIdleEndpoint(plan, snapshot.traffic);
  if (idle) {
    rules.problems = idleEndpointProblems(plan, rules.problems);
    const taken = facts.deployments.includes('blue');
    rules.candidateName = plan.candidate.name ?? (taken ? 'green' : 'blue');
  }
  const model = await resolveModel(ports.models, target, plan.candidate.model, hooks);
  const candidate = await checkCandidate(ports.assets, target, plan.candidate, model.model, endpoint, hooks);
  const capacity = await capacityCheck(ports, target, plan, endpoint, snapshot, rules.baseline, hooks);
  return {
    problems: [...mismatch, ...rules.problems, ...model.problems, ...candidate.problems, ...capacity.problems],
    warnings: [...capacity.warnings, ...model.warnings],
    baseline: rules.baseline,
    candidateName: rules.candidateName,
    model: model.model,
    ...(candidate.environment ? { environment: candidate.environment } : {}),
    endpoint: snapshot,
    ...(facts.deployments.includes(rules.candidateName) ? { candidateExists: true } : {}),
    capacity: capacity.steps,
    ...(idle ? { firstRelease: { createEndpoint: false } } : {}),
  };
}

export function planCheckActivities(
  ports: AzurePorts,
  metrics: MetricsSettings = AZURE_METRICS,
  notify: NotifyOptions = {},
) {
  return {
    checkPlan: (input: PlanCheckInput): Promise<PlanCheck> =>
      callAzure(`check plan for '${input.target.endpoint}'`, () => checkPlan(input, ports, metrics, notify)),
  };
}
