// The plan check of a first release: an endpoint to create from the plan's endpointSpec, or one with no live
// deployment. The rules are pure (domain/first-release.ts); here the endpoint's absence or idleness decides.
import { computeName, firstReleaseProblems } from '../domain/first-release';
import type { ErrorDetail } from '../domain/errors';
import type { PlanCheckInput } from './types';

export interface FirstRelease {
  /** The endpoint does not exist: the deploy stage creates it from endpointSpec. */
  createEndpoint: boolean;
}

/** A new endpoint's plan check, when the plan defines it; undefined leaves the plain "does not exist" refusal. */
export function newEndpointCheck({
  plan,
}: PlanCheckInput): { problems: ErrorDetail[]; candidateName: string } | undefined {
  if (!plan.endpointSpec) return undefined;
  return { problems: firstReleaseProblems(plan), candidateName: plan.candidate.name ?? 'blue' };
}

/** An existing endpoint with no live traffic (and no baseline named) is a first release too. */
export function isIdleEndpoint(plan: PlanCheckInput['plan'], traffic: Record<string, number>): boolean {
  return plan.baseline === undefined && !Object.values(traffic).some((pct) => pct > 0);
}

/** The idle endpoint's plan check: the plain rules less the missing baseline, plus the first-release rules. */
export function idleEndpointProblems(plan: PlanCheckInput['plan'], problems: ErrorDetail[]): ErrorDetail[] {
  const kept = problems.filter((p) => !(p.path === 'baseline' && p.rule === 'baseline.live'));
  return [...kept, ...firstReleaseProblems(plan)];
}

/** A new endpoint's Kubernetes compute, by name (the spec may say `azureml:NAME`). */
export const specCompute = (plan: PlanCheckInput['plan']): string | undefined =>
  plan.endpointSpec?.compute ? computeName(plan.endpointSpec.compute) : undefined;
