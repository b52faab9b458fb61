// The plan against the endpoint as it is: other deployments' traffic, an existing mirror, an existing deployment of
// the candidate's name. Pure, checked with the rest of the plan rules before anything changes.
import type { ErrorDetail } from './errors';
import type { RolloutPlan, Stage } from './plan';
import type { TrafficMap } from './endpoint';
import { canaryFitProblem } from './traffic';

export interface EndpointStateFacts {
  deployments: string[];
  traffic: TrafficMap;
  /** Left out: no mirroring. */
  mirrorTraffic?: TrafficMap;
}

const problem = (path: string, rule: string, message: string): ErrorDetail => ({ path, rule, message });

/** An idle deployment of the candidate's name is overwritten only when the plan says `replace: true`. */
export function candidateExistsProblems(
  plan: Pick<RolloutPlan, 'replace'>,
  candidateName: string,
  facts: EndpointStateFacts,
): ErrorDetail[] {
  // A live one is refused whatever `replace` says (candidate.notLive).
  if (!facts.deployments.includes(candidateName) || (facts.traffic[candidateName] ?? 0) > 0 || plan.replace) return [];
  const message =
    `deployment '${candidateName}' already exists on the endpoint: name a new deployment, or set 'replace: true' ` +
    'to overwrite it';
  return [problem('candidate.name', 'candidate.exists', message)];
}

/**
 * An endpoint that already mirrors traffic is refused: Azure mirrors to one deployment only, and the rollback clears
 * the mirror, which would silently end someone else's experiment.
 */
export function mirrorSettingProblems(facts: EndpointStateFacts): ErrorDetail[] {
  const mirrored = Object.entries(facts.mirrorTraffic ?? {}).filter(([, pct]) => pct > 0);
  if (mirrored.length === 0) return [];
  const list = mirrored.map(([name, pct]) => `${name} ${pct}%`).join(', ');
  const message = `the endpoint already mirrors traffic (${list}): clear its mirror_traffic before a rollout`;
  return [problem('endpoint', 'endpoint.mirrorActive', message)];
}

/** A canary weight is a percent of all live traffic, taken from the baseline's share only (domain/traffic.ts). */
export function canaryFitProblems(stages: Stage[], baseline: string, facts: EndpointStateFacts): ErrorDetail[] {
  const share = facts.traffic[baseline] ?? 0;
  // A baseline serving everything: the 1..99 range rule covers it; one serving nothing: the baseline rules report it.
  if (share <= 0 || share >= 100) return [];
  return stages.flatMap((stage, i) => {
    const misfit = stage.kind === 'canary' ? canaryFitProblem(stage.weight, share) : undefined;
    return misfit ? [problem(`stages[${i}].weight`, 'canary.fitsBaseline', `${baseline}: ${misfit}`)] : [];
  });
}

/** Every rule of this file. */
export function endpointStateProblems(
  plan: Pick<RolloutPlan, 'replace' | 'stages'>,
  baseline: string,
  candidateName: string,
  facts: EndpointStateFacts,
): ErrorDetail[] {
  return [
    ...candidateExistsProblems(plan, candidateName, facts),
    ...mirrorSettingProblems(facts),
    ...canaryFitProblems(plan.stages, baseline, facts),
  ];
}
