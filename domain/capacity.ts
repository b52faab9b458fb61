// Pure: the capacity of baseline and candidate at every stage of a plan, the candidate sizes the workflow sets
// before each traffic change, and what Azure would refuse. Capacity is concurrency: Azure answers 429 past
// 2 x max_concurrent_requests_per_instance x instances in flight, so instances x that setting is what a
// deployment carries. The endpoint's demand is the baseline's capacity (what the live traffic is sized for).
import { MAX_INSTANCES_PER_DEPLOYMENT } from './azure-rules';
import type { ErrorDetail } from './errors';
import type { RolloutPlan, Stage } from './plan';
import { DEFAULT_SCALING } from './plan-scaling';
import { quotaProblems, type QuotaFacts } from './quota';

export interface DeploymentCapacity {
  instanceCount: number;
  /** Azure's default is 1. */
  maxConcurrentRequestsPerInstance?: number;
  /** scaleSettings.scaleType TargetUtilization: Azure sets the instance count itself. */
  autoscale?: { minInstances?: number; maxInstances?: number; targetUtilizationPercentage?: number };
}

export interface SideCapacity {
  instances: number;
  /** instances x max_concurrent_requests_per_instance. */
  concurrency: number;
  /** Live (or, for a mirror stage, mirrored) percent of the endpoint's requests. */
  share: number;
  /** Concurrency its share of the demand needs. */
  needs: number;
}

export interface CapacityStep {
  index: number;
  kind: Stage['kind'];
  baseline: SideCapacity;
  /** Absent before the candidate is deployed. */
  candidate?: SideCapacity;
  /** The candidate instance count the workflow sets before this stage changes traffic. */
  resizeCandidate?: number;
}

export interface CapacityPlan {
  steps: CapacityStep[];
  problems: ErrorDetail[];
  warnings: ErrorDetail[];
}

const problem = (path: string, rule: string, message: string): ErrorDetail => ({ path, rule, message });

/** The candidate's share at a stage; undefined for stages that do not change it. */
function shareAt(stage: Stage): number | undefined {
  if (stage.kind === 'mirror') return stage.percent;
  if (stage.kind === 'canary') return stage.weight;
  if (stage.kind === 'promote') return 100;
  return undefined;
}

function candidateAutoscales(plan: RolloutPlan): boolean {
  const settings = (plan.candidate as { scale_settings?: { type?: string } }).scale_settings;
  return settings?.type === 'target_utilization';
}

export function planCapacity(
  plan: RolloutPlan,
  baseline: DeploymentCapacity | undefined,
  quota?: QuotaFacts,
): CapacityPlan {
  const out: CapacityPlan = { steps: [], problems: [], warnings: [] };
  if (!baseline) return out;
  const scaling = plan.scaling ?? DEFAULT_SCALING;
  const autoscaled = baseline.autoscale !== undefined;
  if (autoscaled && !candidateAutoscales(plan)) {
    const a = baseline.autoscale!;
    out.problems.push(
      problem(
        'candidate.scale_settings',
        'scaling.autoscale',
        `the baseline autoscales (target_utilization, ${a.minInstances ?? '?'} to ${a.maxInstances ?? '?'} ` +
          `instances at ${a.targetUtilizationPercentage ?? '?'}%): give the candidate scale_settings of type ` +
          'target_utilization too, or it cannot follow the traffic it takes',
      ),
    );
  }
  const baseMcr = baseline.maxConcurrentRequestsPerInstance ?? 1;
  const candMcr = plan.candidate.request_settings?.max_concurrent_requests_per_instance ?? 1;
  const startInstances = baseline.instanceCount;
  let baseInstances = baseline.instanceCount;
  let cand: number | undefined;
  let candShare = 0;
  // Autoscaled deployments are sized by Azure: the workflow never resizes them.
  const sizing = autoscaled ? 'fixed' : scaling.candidate;
  plan.stages.forEach((stage, index) => {
    const at = `stages[${index}]`;
    let resize: number | undefined;
    const demand = baseInstances * baseMcr;
    if (stage.kind === 'deploy') {
      cand = sizing === 'weighted' ? scaling.minInstances : plan.candidate.instance_count;
      if (cand !== plan.candidate.instance_count) resize = cand;
    }
    if (stage.kind === 'scale') {
      if (stage.deployment === 'baseline') {
        if (stage.instance_count < startInstances) {
          const message = `must not be below the baseline's ${startInstances} live instances: a rollback sends it all traffic again`;
          out.problems.push(problem(`${at}.instance_count`, 'scale.baselineBelowLive', message));
        }
        baseInstances = stage.instance_count;
      } else if (cand === undefined) {
        out.problems.push(
          problem(`${at}.deployment`, 'order.scaleAfterDeploy', "the candidate is scaled after 'deploy'"),
        );
      } else cand = stage.instance_count;
    }
    const share = shareAt(stage);
    if (share !== undefined && cand !== undefined) {
      const wanted = Math.ceil(((share / 100) * demand) / candMcr);
      const target =
        sizing === 'weighted'
          ? Math.max(scaling.minInstances, wanted)
          : sizing === 'match' && share === 100
            ? Math.max(cand, wanted)
            : cand;
      if (target !== cand) resize = target;
      if (target > MAX_INSTANCES_PER_DEPLOYMENT) {
        out.problems.push(
          problem(
            `${at}.kind`,
            'limits.instances',
            `the candidate would need ${target} instances (x ${candMcr} concurrent requests each) to carry ${share}% ` +
              `of the baseline's ${demand}; Azure allows at most ${MAX_INSTANCES_PER_DEPLOYMENT} per deployment: raise ` +
              'request_settings.max_concurrent_requests_per_instance or choose a larger instance type',
          ),
        );
      }
      cand = target;
      candShare = share;
    }
    const baseShare = stage.kind === 'mirror' ? 100 : 100 - candShare;
    const step: CapacityStep = {
      index,
      kind: stage.kind,
      baseline: side(baseInstances, baseMcr, stage.kind === 'cleanup' ? 0 : baseShare, demand),
      ...(cand !== undefined
        ? { candidate: side(cand, candMcr, stage.kind === 'mirror' ? stage.percent : candShare, demand) }
        : {}),
      ...(resize !== undefined ? { resizeCandidate: resize } : {}),
    };
    out.steps.push(step);
    // An autoscaling candidate is sized by Azure between its min and max instances.
    if (!candidateAutoscales(plan)) shortfall(step, at, out);
    if (stage.kind === 'mirror') candShare = 0;
  });
  if (quota) out.problems.push(...quotaProblems(out.steps, startInstances, quota));
  return out;
}

function side(instances: number, mcr: number, share: number, demand: number): SideCapacity {
  return { instances, concurrency: instances * mcr, share, needs: Math.ceil((share / 100) * demand) };
}

/** Promotion below the demand is refused; a mirror or canary step below its share is only worth a warning. */
function shortfall(step: CapacityStep, at: string, out: CapacityPlan): void {
  const c = step.candidate;
  if (!c || c.concurrency >= c.needs) return;
  const text =
    `the candidate carries ${c.concurrency} concurrent requests (${c.instances} instances) where its ${c.share}% ` +
    `share of the baseline's capacity needs ${c.needs}: Azure answers 429 past its capacity and the gates count those as errors`;
  if (step.kind === 'promote') {
    out.problems.push(
      problem(`${at}.kind`, 'capacity.promotion', `${text}; raise instance_count or use scaling.candidate match`),
    );
  } else out.warnings.push(problem(`${at}.kind`, 'capacity.belowShare', text));
}
