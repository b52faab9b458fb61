// The candidate: an Azure ML CLI v2 online deployment, managed or Kubernetes, with the fields of the public schemas
// managedOnlineDeployment.schema.json and kubernetesOnlineDeployment.schema.json (azure-ai-ml's
// OnlineDeploymentSchema), assets given as references to registered versions. activities/azure/deployment-body.ts
// maps it to the ARM body; domain/candidate-rules.ts holds the rules that need the live endpoint.
import { z } from 'zod';
import { assetRefForms, isAssetRef, MODEL_REF } from './asset-refs';
import { AZURE_NAME, MAX_INSTANCES_PER_DEPLOYMENT, type ComputeType } from './azure-rules';

export { MODEL_REF };

const azureName = z
  .string()
  .regex(AZURE_NAME, 'must be 3 to 32 characters: a letter first, then letters, digits or single dashes, no dash last');

/** Inline assets (a model path, an environment image) are what the CLI uploads: refused with the accepted forms. */
const ref = (kind: Parameters<typeof isAssetRef>[0], latest = true) => {
  const forms = `must be ${assetRefForms(kind, latest)}`;
  return z
    .string({ error: (issue) => (issue.input === undefined ? `required: ${forms}` : forms) })
    .refine((value) => isAssetRef(kind, value, latest), forms);
};

const int = (min: number, max?: number) => {
  const base = z.number().int('must be an integer').min(min, `must be at least ${min}`);
  return max === undefined ? base : base.max(max, `must be at most ${max}`);
};

/** Azure's limit for managed online endpoints: a scoring request may run at most 180 s. */
export const MAX_REQUEST_TIMEOUT_MS = 180_000;

const requestSettings = z
  .object({
    request_timeout_ms: int(1, MAX_REQUEST_TIMEOUT_MS).optional(),
    max_concurrent_requests_per_instance: int(1, 1000).optional(),
    /** Deprecated by Azure for managed endpoints (raise request_timeout_ms instead); still sent when given. */
    max_queue_wait_ms: int(1).optional(),
  })
  .strict();

/** Seconds and counts, as the CLI writes them; Azure's minimum is 1 for each. */
const probe = z
  .object({
    period: int(1).optional(),
    initial_delay: int(1).optional(),
    timeout: int(1).optional(),
    success_threshold: int(1).optional(),
    failure_threshold: int(1).optional(),
  })
  .strict();

const scaleSettings = z.discriminatedUnion('type', [
  z.object({ type: z.literal('default') }).strict(),
  z
    .object({
      type: z.literal('target_utilization'),
      min_instances: int(1, MAX_INSTANCES_PER_DEPLOYMENT).optional(),
      max_instances: int(1, MAX_INSTANCES_PER_DEPLOYMENT).optional(),
      target_utilization_percentage: int(1, 100).optional(),
      /** Seconds. */
      polling_interval: int(1).optional(),
    })
    .strict(),
]);

/** Kubernetes quantities: cores ('0.5', '500m'), bytes ('512Mi', '1Gi', '1G'), GPUs (whole cards). */
const CPU = /^\d+(\.\d+)?m?$/;
const MEMORY = /^\d+(\.\d+)?(k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const GPU = /^\d+$/;

const resourceSettings = z
  .object({
    cpu: z.string().regex(CPU, "must be a Kubernetes CPU quantity such as '0.5' or '500m'").optional(),
    memory: z.string().regex(MEMORY, "must be a Kubernetes memory quantity such as '512Mi' or '1Gi'").optional(),
    gpu: z.string().regex(GPU, 'must be a whole number of GPUs').optional(),
    /** The CLI's spelling of `gpu`. */
    'nvidia.com/gpu': z.string().regex(GPU, 'must be a whole number of GPUs').optional(),
  })
  .strict();

const resources = z.object({ requests: resourceSettings.optional(), limits: resourceSettings.optional() }).strict();

const collection = z
  .object({
    enabled: z.union([z.boolean(), z.enum(['true', 'false', 'True', 'False'])]),
    /** The data asset the collection writes to. */
    data: z
      .string()
      .regex(
        /^azureml:[A-Za-z0-9][A-Za-z0-9._-]{0,254}:[^\s/@]+$/,
        "must be a registered data asset 'azureml:NAME:VERSION'",
      )
      .optional(),
    client_id: z.string().uuid().optional(),
  })
  .strict();

const dataCollector = z
  .object({
    collections: z.record(z.string().min(1), collection),
    rolling_rate: z.enum(['minute', 'hour', 'day', 'month', 'year']).optional(),
    sampling_rate: z.number().min(0, 'must be from 0 to 1').max(1, 'must be from 0 to 1').optional(),
    request_logging: z
      .object({ capture_headers: z.array(z.string().min(1)) })
      .strict()
      .optional(),
  })
  .strict();

const codeConfiguration = z
  .object({
    code: ref('codes', false),
    scoring_script: z.string().min(1, 'must name the scoring script inside the code asset'),
  })
  .strict();

const INLINE_FILE =
  'the API takes the deployment inline: `rollout plan validate|start` reads candidate.file and inlines it';

export const candidateSchema = z
  .object({
    $schema: z.string().optional(),
    /** Left out: whichever of `blue` and `green` is not live. */
    name: azureName.optional(),
    /** Must be the plan's endpoint. */
    endpoint_name: azureName.optional(),
    /** The endpoint's compute type; Azure's default is the endpoint's. */
    type: z.enum(['managed', 'kubernetes']).optional(),
    description: z.string().max(512).optional(),
    tags: z.record(z.string(), z.string()).optional(),
    properties: z.record(z.string(), z.string()).optional(),
    model: ref('models'),
    model_mount_path: z.string().startsWith('/', 'must be an absolute path in the container').optional(),
    code_configuration: codeConfiguration.optional(),
    environment: ref('environments').optional(),
    /** Numbers as YAML writes them unquoted (`WORKERS: 2`) are sent as strings, as the CLI does. */
    environment_variables: z.record(z.string(), z.union([z.string(), z.number().transform(String)])).optional(),
    /** Managed: a VM size (left out: Standard_DS3_v2). Kubernetes: an instance type of the compute (left out: its default). */
    instance_type: z.string().min(1).optional(),
    instance_count: int(1, MAX_INSTANCES_PER_DEPLOYMENT).default(1),
    scale_settings: scaleSettings.optional(),
    request_settings: requestSettings.optional(),
    liveness_probe: probe.optional(),
    readiness_probe: probe.optional(),
    app_insights_enabled: z.boolean().optional(),
    data_collector: dataCollector.optional(),
    /** Managed only. */
    egress_public_network_access: z.enum(['enabled', 'disabled', 'Enabled', 'Disabled']).optional(),
    /** Kubernetes only: container requests and limits. */
    resources: resources.optional(),
    /** The CLI's `{file: green-deployment.yml}`: resolved by the CLI, refused here with how to send it. */
    file: z
      .string()
      .optional()
      .refine((value) => value === undefined, INLINE_FILE),
  })
  .strict();

export type Candidate = z.infer<typeof candidateSchema>;
export type CandidateInput = z.input<typeof candidateSchema>;
export type ProbeYaml = z.infer<typeof probe>;
export type ResourceSettingsYaml = z.infer<typeof resourceSettings>;
export type DataCollectorYaml = z.infer<typeof dataCollector>;

/** Managed deployments left without an instance type get this VM size. */
export const DEFAULT_MANAGED_INSTANCE_TYPE = 'Standard_DS3_v2';

/** The instance type the deployment asks for: a managed one's VM size; undefined on Kubernetes for the default. */
export function instanceTypeOf(
  candidate: Pick<Candidate, 'instance_type'>,
  computeType: ComputeType,
): string | undefined {
  return candidate.instance_type ?? (computeType === 'Managed' ? DEFAULT_MANAGED_INSTANCE_TYPE : undefined);
}
