// checkPlan: the plan against the live endpoint and Azure's rules, before anything changes. Live lookups here
// (endpoint, deployments, model registry; the candidate's assets in candidate-check.ts); the rules themselves are
// pure, in domain/plan-rules.ts and domain/candidate-rules.ts.
import type { EndpointRef } from '../domain/endpoint';
import type { ErrorDetail } from '../domain/errors';
import { metricsClockProblems } from '../domain/plan-metrics';
import { capacityWarnings, checkPlanRules, newestVersion, parseModelRef } from '../domain/plan-rules';
import { checkCandidate } from './candidate-check';
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
  if (!parsed) return { model: ref, problems: [] }; // the format rule already reports it
  if (parsed.version !== undefined) {
    if (await models.hasVersion(target, parsed.name, parsed.version, hooks)) return { model: ref, problems: [] };
    const message = `model '${parsed.name}' has no registered version ${parsed.version}`;
    return { model: ref, problems: [{ path: PATH, rule: 'model.exists', message }] };
  }
  const newest = newestVersion(await models.versions(target, parsed.name, hooks));
  if (newest === undefined) {
    const message = `model '${parsed.name}' has no registered versions`;
    return { model: ref, problems: [{ path: PATH, rule: 'model.exists', message }] };
  }
  return { model: `azureml:${parsed.name}:${newest}`, problems: [] };
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
  const model = await resolveModel(ports.models, target, plan.candidate.model, hooks);
  const candidate = await checkCandidate(ports.assets, target, plan.candidate, model.model, endpoint, hooks);
  const live = snapshot.deployments.find((d) => d.name === rules.baseline);
  return {
    problems: [...mismatch, ...rules.problems, ...model.problems, ...candidate.problems],
    warnings: capacityWarnings(plan, live),
    baseline: rules.baseline,
    candidateName: rules.candidateName,
    model: model.model,
    ...(candidate.environment ? { environment: candidate.environment } : {}),
    endpoint: snapshot,
    ...(facts.deployments.includes(rules.candidateName) ? { candidateExists: true } : {}),
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
