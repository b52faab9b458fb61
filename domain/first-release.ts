// A first release: the plan of an endpoint that does not exist yet (given by its Azure ML CLI v2 endpoint YAML
// fields) or that has no live deployment. It creates the endpoint, deploys and validates the candidate, and takes it
// to 100% with absolute SLO gates only, since nothing live exists to compare with. Schema and pure rules.
import { z } from 'zod';
import { AZURE_NAME } from './azure-rules';
import type { ErrorDetail } from './errors';
import type { RolloutPlan } from './plan';

/** The CLI v2 managed/Kubernetes online endpoint YAML fields the service creates an endpoint from. */
export const endpointSpecSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().regex(AZURE_NAME, 'must be 3 to 32 characters: a letter first, then letters, digits or dashes'),
    auth_mode: z.enum(['key', 'aml_token', 'aad_token']).default('key'),
    /** Kubernetes online endpoints: the attached compute, `azureml:NAME` or NAME. */
    compute: z.string().min(1).optional(),
    description: z.string().max(512).optional(),
    tags: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export type EndpointSpec = z.infer<typeof endpointSpecSchema>;

export const AUTH_MODES = { key: 'Key', aml_token: 'AMLToken', aad_token: 'AADToken' } as const;

/** `azureml:k8s-compute` → `k8s-compute`. */
export const computeName = (compute: string): string => compute.replace(/^azureml:/, '');

const problem = (path: string, rule: string, message: string): ErrorDetail => ({ path, rule, message });

/** What a plan with no live baseline may not ask for. */
export function firstReleaseProblems(plan: RolloutPlan): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const spec = plan.endpointSpec;
  if (spec && spec.name !== plan.endpoint) {
    out.push(problem('endpointSpec.name', 'endpoint.nameMatches', `must be the plan's endpoint '${plan.endpoint}'`));
  }
  plan.stages.forEach((stage, i) => {
    const at = `stages[${i}].kind`;
    if (stage.kind === 'mirror') {
      out.push(problem(at, 'firstRelease.noMirror', 'a first release has no live traffic to mirror'));
    }
    if (stage.kind === 'canary') {
      const message =
        "with one deployment Azure's traffic sums to 0 or 100: a first release goes to 100% with 'promote'";
      out.push(problem(at, 'firstRelease.noCanary', message));
    }
    if (stage.kind === 'scale' && stage.deployment === 'baseline') {
      out.push(problem(`stages[${i}].deployment`, 'firstRelease.noBaseline', 'a first release has no baseline'));
    }
  });
  if (!plan.stages.some((s) => s.kind === 'promote')) {
    out.push(problem('stages', 'firstRelease.promote', "a first release takes the candidate to 100% with 'promote'"));
  }
  const slo = plan.analysis.slo;
  for (const key of ['maxErrorRateIncrease', 'maxP99LatencyIncreaseMs', 'maxClientErrorRateIncrease'] as const) {
    if (slo[key] !== undefined) {
      out.push(
        problem(`analysis.slo.${key}`, 'firstRelease.absoluteSlo', 'a first release has no baseline to compare with'),
      );
    }
  }
  return out;
}
