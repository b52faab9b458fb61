// checkPlan: the plan against the live endpoint and Azure's rules, before anything changes. Live lookups here
// (endpoint, deployments, model registry); the rules themselves are pure, in domain/plan-rules.ts.
import { metricsClockProblems } from '../domain/plan-metrics';
import { capacityWarnings, checkPlanRules } from '../domain/plan-rules';
import { AZURE_METRICS, type MetricsSettings } from './metric-samples';
import type { AzureClients } from './azure/clients';
import { armScope, getOnlineEndpoint, listDeployments } from './azure/endpoints';
import { isNotFound } from './azure/deployments';
import { toEndpointSnapshot } from './azure/mappers';
import { resolveModel } from './azure/models';
import { activityHooks } from './context';
import { callAzure } from './failures';
import type { EndpointSnapshot, PlanCheck, PlanCheckInput } from './types';

function missingEndpoint(name: string): EndpointSnapshot {
  return { name, computeType: 'Managed', provisioningState: 'NotFound', deployments: [], traffic: {}, mirrorTraffic: {} };
}

async function checkPlan(
  { target, plan }: PlanCheckInput, clients: AzureClients, metrics: MetricsSettings,
): Promise<PlanCheck> {
  const scope = armScope(clients, target);
  const hooks = activityHooks();
  const mismatch = [
    ...(plan.endpoint === target.endpoint
      ? []
      : [{ path: 'endpoint', rule: 'endpoint.matchesTarget', message: `the plan names '${plan.endpoint}' but the target is '${target.endpoint}'` }]),
    ...metricsClockProblems(plan, metrics),
  ];
  const endpoint = await getOnlineEndpoint(clients, scope, hooks).catch((err) => {
    if (isNotFound(err)) return undefined;
    throw err;
  });
  if (!endpoint) {
    const problem = { path: 'endpoint', rule: 'endpoint.exists', message: `online endpoint '${target.endpoint}' does not exist` };
    return {
      problems: [...mismatch, problem],
      baseline: plan.baseline ?? '',
      candidateName: plan.candidate.name ?? 'green',
      model: plan.candidate.model,
      endpoint: missingEndpoint(target.endpoint),
    };
  }
  const snapshot = toEndpointSnapshot(endpoint, await listDeployments(clients, scope, hooks));
  const facts = { computeType: snapshot.computeType, deployments: snapshot.deployments.map((d) => d.name), traffic: snapshot.traffic };
  const rules = checkPlanRules(plan, facts);
  const model = await resolveModel(clients, scope, plan.candidate.model, hooks);
  const live = snapshot.deployments.find((d) => d.name === rules.baseline);
  return {
    problems: [...mismatch, ...rules.problems, ...model.problems],
    warnings: capacityWarnings(plan, live),
    baseline: rules.baseline,
    candidateName: rules.candidateName,
    model: model.model,
    endpoint: snapshot,
  };
}

export function planCheckActivities(clients: AzureClients, metrics: MetricsSettings = AZURE_METRICS) {
  return {
    checkPlan: (input: PlanCheckInput): Promise<PlanCheck> =>
      callAzure(`check plan for '${input.target.endpoint}'`, () => checkPlan(input, clients, metrics)),
  };
}
