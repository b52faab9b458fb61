// Azure's traffic rules as a decision table, and its limits as the plan check applies them.
import { MAX_INSTANCES_PER_DEPLOYMENT, trafficRuleProblem, type ComputeType } from '../../../domain/azure-rules';
import type { TrafficMap } from '../../../domain/endpoint';
import { planSchema } from '../../../domain/plan';
import { checkPlanRules } from '../../../domain/plan-rules';

describe('trafficRuleProblem', () => {
  it.each<[TrafficMap, TrafficMap, ComputeType, string | undefined]>([
    [{}, {}, 'Managed', undefined],
    [{ blue: 100 }, {}, 'Managed', undefined],
    [{ blue: 80, green: 20 }, {}, 'Managed', undefined],
    [{ blue: 100 }, { green: 50 }, 'Managed', undefined],
    [{ blue: 100 }, { green: 0, red: 0 }, 'Kubernetes', undefined],
    [{ blue: 80, green: 10 }, {}, 'Managed', 'traffic.sum'],
    [{ blue: 100.5, green: -0.5 }, {}, 'Managed', 'traffic.range'],
    [{ blue: 100 }, { green: 10 }, 'Kubernetes', 'mirror.kubernetes'],
    [{ blue: 100 }, { green: 10, red: 10 }, 'Managed', 'mirror.single'],
    [{ blue: 100 }, { green: 51 }, 'Managed', 'mirror.max'],
    [{ blue: 90, green: 10 }, { green: 10 }, 'Managed', 'mirror.notLive'],
  ])('judges traffic %j with mirror %j on %s: %s', (traffic, mirrorTraffic, computeType, rule) => {
    expect(trafficRuleProblem({ traffic, mirrorTraffic }, computeType)?.rule).toBe(rule);
  });
});

describe("Azure's instance limit in the plan check", () => {
  const facts = { computeType: 'Managed' as const, deployments: ['blue'], traffic: { blue: 100 } };
  const plan = (instances: number) => ({
    endpoint: 'heart-ep',
    candidate: { model: 'azureml:heart:2', instance_count: instances },
    stages: [{ kind: 'deploy' }, { kind: 'promote' }],
  });

  it('accepts a candidate at the limit', () => {
    const parsed = planSchema.parse(plan(MAX_INSTANCES_PER_DEPLOYMENT));
    expect(checkPlanRules(parsed, facts).problems).toEqual([]);
  });

  it('refuses a candidate above the limit, in the schema and in the rules', () => {
    expect(planSchema.safeParse(plan(MAX_INSTANCES_PER_DEPLOYMENT + 1)).success).toBe(false);
    const parsed = planSchema.parse(plan(1));
    const tooMany = { ...parsed, candidate: { ...parsed.candidate, instance_count: MAX_INSTANCES_PER_DEPLOYMENT + 1 } };
    expect(checkPlanRules(tooMany, facts).problems.map((p) => p.rule)).toEqual(['limits.instances']);
  });
});
