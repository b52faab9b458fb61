// Azure's rules and the stage-order rules a plan must meet before anything changes, as pure functions over the
// plan and a few facts about the live endpoint. Each problem names the plan field (`stages[2].weight`) and the rule.
import { MAX_DEPLOYMENTS_PER_ENDPOINT, MAX_INSTANCES_PER_DEPLOYMENT, MAX_MIRROR_PERCENT } from './azure-rules';
import type { ComputeType } from './azure-rules';
import type { TrafficMap } from './endpoint';
import type { ErrorDetail } from './errors';
import { assetRefForms, isAssetRef, MODEL_REF } from './asset-refs';
import { endpointStateProblems } from './endpoint-rules';
import type { RolloutPlan, Stage } from './plan';

export { newestVersion } from './asset-refs';

export interface LiveEndpointFacts {
  computeType: ComputeType;
  deployments: string[];
  traffic: TrafficMap;
  /** Left out: no mirroring. */
  mirrorTraffic?: TrafficMap;
}

export interface PlanRuleResult {
  problems: ErrorDetail[];
  /** Empty when no baseline could be found (then `problems` says why). */
  baseline: string;
  candidateName: string;
}

const problem = (path: string, rule: string, message: string): ErrorDetail => ({ path, rule, message });

function countProblems(stages: Stage[], kind: Stage['kind'], rule: string): ErrorDetail[] {
  return stages
    .map((stage, i) => ({ stage, i }))
    .filter(({ stage }) => stage.kind === kind)
    .slice(1)
    .map(({ i }) => problem(`stages[${i}].kind`, rule, `only one '${kind}' stage is allowed`));
}

/**
 * A validate stage sends the plan's own request bodies: there is no default input that suits every model, and
 * neither Azure nor the service keeps a sample per endpoint.
 */
export function validationInputProblems(stages: Stage[]): ErrorDetail[] {
  return stages.flatMap((stage, i) =>
    stage.kind === 'validate' && stage.request === undefined && stage.requestBodies === undefined
      ? [
          problem(
            `stages[${i}].requestBodies`,
            'validate.inputs',
            "a validate stage needs the requests to send, in the model's input format: 'request' (one body), " +
              "'requestBodies' (a list), or 'requestFile' read by the CLI",
          ),
        ]
      : [],
  );
}

/** Scale stages of the baseline may come before it ("scale the blue deployment" before green is deployed). */
const leadingBaselineScales = (stages: Stage[]): number => {
  const first = stages.findIndex((s) => !(s.kind === 'scale' && s.deployment === 'baseline'));
  return first < 0 ? stages.length : first;
};

/**
 * deploy first (after any baseline scale stages); validate, mirror and canary before promote; mirror before any
 * canary; cleanup last, after promote.
 */
export function stageOrderProblems(stages: Stage[]): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const first = leadingBaselineScales(stages);
  if (stages[first]?.kind !== 'deploy')
    out.push(problem(`stages[${first}].kind`, 'order.deployFirst', "the first stage must be 'deploy'"));
  out.push(...countProblems(stages, 'deploy', 'order.singleDeploy'));
  out.push(...countProblems(stages, 'promote', 'order.singlePromote'));
  out.push(...countProblems(stages, 'cleanup', 'order.singleCleanup'));
  const promoteAt = stages.findIndex((s) => s.kind === 'promote');
  const firstCanary = stages.findIndex((s) => s.kind === 'canary');
  stages.forEach((stage, i) => {
    const at = `stages[${i}].kind`;
    if (promoteAt >= 0 && i > promoteAt && ['validate', 'mirror', 'canary'].includes(stage.kind)) {
      out.push(problem(at, 'order.promoteAfterCanaries', `a '${stage.kind}' stage must come before 'promote'`));
    }
    if (stage.kind === 'mirror' && firstCanary >= 0 && i > firstCanary) {
      out.push(
        problem(
          at,
          'order.mirrorBeforeCanary',
          'Azure mirrors only to a deployment with no live traffic: mirror before any canary',
        ),
      );
    }
    if (stage.kind === 'cleanup' && i !== stages.length - 1) {
      out.push(problem(at, 'order.cleanupLast', "'cleanup' must be the last stage"));
    }
    if (stage.kind === 'cleanup' && (promoteAt < 0 || promoteAt > i)) {
      out.push(
        problem(
          at,
          'order.cleanupAfterPromote',
          "'cleanup' removes the baseline: it needs a 'promote' stage before it",
        ),
      );
    }
  });
  return out;
}

/** Canary weights within 1..99 and non-decreasing; mirror percent within 1..50 and not on Kubernetes endpoints. */
export function trafficStageProblems(stages: Stage[], computeType: LiveEndpointFacts['computeType']): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  let lastWeight = 0;
  stages.forEach((stage, i) => {
    if (stage.kind === 'canary') {
      if (!Number.isInteger(stage.weight) || stage.weight < 1 || stage.weight > 99) {
        out.push(
          problem(
            `stages[${i}].weight`,
            'canary.range',
            'must be an integer from 1 to 99 (use a promote stage for 100%)',
          ),
        );
      } else if (stage.weight < lastWeight) {
        out.push(
          problem(
            `stages[${i}].weight`,
            'canary.nonDecreasing',
            `must not be below the previous canary weight ${lastWeight}`,
          ),
        );
      }
      lastWeight = Math.max(lastWeight, stage.weight);
    }
    if (stage.kind === 'mirror') {
      if (!Number.isInteger(stage.percent) || stage.percent < 1 || stage.percent > MAX_MIRROR_PERCENT) {
        out.push(
          problem(
            `stages[${i}].percent`,
            'mirror.max',
            `must be an integer from 1 to ${MAX_MIRROR_PERCENT} (Azure's limit)`,
          ),
        );
      }
      if (computeType === 'Kubernetes') {
        out.push(
          problem(
            `stages[${i}].kind`,
            'mirror.kubernetes',
            // Azure's words (how-to-safely-rollout-online-endpoints).
            "Mirroring isn't currently supported for Kubernetes online endpoints",
          ),
        );
      }
    }
  });
  return out;
}

/** The named baseline, or the deployment holding the most live traffic (ties: the first name in order). */
export function resolveBaseline(
  named: string | undefined,
  facts: LiveEndpointFacts,
): { baseline: string; problems: ErrorDetail[] } {
  if (named) {
    if (!facts.deployments.includes(named)) {
      return {
        baseline: named,
        problems: [problem('baseline', 'baseline.exists', `deployment '${named}' does not exist on the endpoint`)],
      };
    }
    if (!((facts.traffic[named] ?? 0) > 0)) {
      return {
        baseline: named,
        problems: [problem('baseline', 'baseline.live', `deployment '${named}' holds no live traffic`)],
      };
    }
    return { baseline: named, problems: [] };
  }
  const live = Object.entries(facts.traffic)
    .filter(([, pct]) => pct > 0)
    .sort(([a, pa], [b, pb]) => pb - pa || a.localeCompare(b));
  if (live.length === 0) {
    return {
      baseline: '',
      problems: [problem('baseline', 'baseline.live', 'the endpoint has no deployment with live traffic')],
    };
  }
  return { baseline: live[0][0], problems: [] };
}

/** Left out: whichever of `blue` and `green` is not the baseline. */
export function chooseCandidateName(named: string | undefined, baseline: string): string {
  return named ?? (baseline === 'green' ? 'blue' : 'green');
}

export function candidateProblems(plan: RolloutPlan, candidateName: string, facts: LiveEndpointFacts): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if ((facts.traffic[candidateName] ?? 0) > 0) {
    out.push(
      problem(
        'candidate.name',
        'candidate.notLive',
        `'${candidateName}' holds live traffic: the candidate must be a new or idle deployment`,
      ),
    );
  }
  if (!facts.deployments.includes(candidateName) && facts.deployments.length + 1 > MAX_DEPLOYMENTS_PER_ENDPOINT) {
    out.push(
      problem(
        'candidate.name',
        'limits.deployments',
        `an endpoint holds at most ${MAX_DEPLOYMENTS_PER_ENDPOINT} deployments`,
      ),
    );
  }
  const count = plan.candidate.instance_count;
  if (!Number.isInteger(count) || count < 1 || count > MAX_INSTANCES_PER_DEPLOYMENT) {
    out.push(
      problem(
        'candidate.instance_count',
        'limits.instances',
        `must be an integer from 1 to ${MAX_INSTANCES_PER_DEPLOYMENT}`,
      ),
    );
  }
  if (!isAssetRef('models', plan.candidate.model)) {
    out.push(problem('candidate.model', 'model.format', `must be ${assetRefForms('models')}`));
  }
  return out;
}

/** Every rule that needs no model registry lookup. */
export function checkPlanRules(plan: RolloutPlan, facts: LiveEndpointFacts): PlanRuleResult {
  const { baseline, problems: baselineProblems } = resolveBaseline(plan.baseline, facts);
  const candidateName = chooseCandidateName(plan.candidate.name, baseline);
  const problems = [
    ...baselineProblems,
    ...(baseline && candidateName === baseline
      ? [problem('candidate.name', 'candidate.notBaseline', `the candidate must not be the baseline '${baseline}'`)]
      : []),
    ...candidateProblems(plan, candidateName, facts),
    ...stageOrderProblems(plan.stages),
    ...validationInputProblems(plan.stages),
    ...trafficStageProblems(plan.stages, facts.computeType),
    ...endpointStateProblems(plan, baseline, candidateName, facts),
  ];
  return { problems, baseline, candidateName };
}

export interface ModelRef {
  name: string;
  /** Absent for `@latest`. */
  version?: string;
}

/** A workspace model reference; undefined for a registry reference (passed to Azure as it is) or a malformed one. */
export function parseModelRef(ref: string): ModelRef | undefined {
  const match = MODEL_REF.exec(ref);
  if (!match) return undefined;
  return match[2] === undefined ? { name: match[1] } : { name: match[1], version: match[2] };
}

/** The plan check's warning on an archived model version: Azure still deploys it, a revert refuses to. */
export const MODEL_ARCHIVED = 'model.archived';
