// The emulated workspace's records, shared by the control plane (arm/), the data plane (scoring/), the metrics
// API (metrics/) and the traffic generator. Plain JSON so the workspace can be saved to a state file.

export interface ModelBehaviour {
  /** Log-normal latency through these two points. */
  latencyMs: { median: number; p99: number };
  /** Probability that a request fails with a model error (424 to the caller). */
  errorRate: number;
  /** Probability that the model flips its prediction relative to the reference classifier (changed outputs). */
  flipRate?: number;
  /**
   * What the model does once its deployment's live weight on the endpoint reaches `minWeight` (0..100): a release
   * that is fine under canary weights and degrades only when it takes (nearly) all traffic.
   */
  atWeight?: WeightedBehaviour;
}

export interface WeightedBehaviour {
  minWeight: number;
  errorRate?: number;
  latencyMs?: { median: number; p99: number };
}

export interface ModelVersionRecord {
  name: string;
  version: number;
  createdAt: string;
  description?: string;
  /** Hidden from version lists by default; still deployable by explicit version, as on Azure. */
  isArchived?: boolean;
  /**
   * Azure's asset type. An MLflow model may be deployed without a scoring script or environment (no-code
   * deployment) and reads MLflow's input formats; a custom model needs both, and its scoring script reads
   * `{"data": [[...], ...]}` as Azure's sample `score.py` does. Absent: `mlflow_model`.
   */
  modelType?: 'mlflow_model' | 'custom_model';
  /** What the model answers per input row. Absent: `classification` (`{prediction, probability}`). */
  task?: 'classification' | 'regression';
  /**
   * Weights of the small linear model: a logistic classifier over the 13 heart-disease features (classification), or
   * a linear regression over the row's numbers in order (regression).
   */
  weights: number[];
  bias: number;
  behaviour: ModelBehaviour;
}

/** A code or environment version (`codes/NAME/versions/V`, `environments/NAME/versions/V`): the PUT properties. */
export interface AssetVersionRecord {
  name: string;
  version: string;
  createdAt: string;
  properties: Record<string, unknown>;
}

export interface AssetContainerRecord {
  name: string;
  createdAt: string;
  description?: string;
  tags: Record<string, string>;
  versions: Record<string, AssetVersionRecord>;
}

export interface DeploymentRecord {
  name: string;
  /** As sent: `azureml:NAME:VERSION` or an ARM id. */
  model: string;
  instanceType: string;
  instanceCount: number;
  provisioningState: 'Creating' | 'Updating' | 'Scaling' | 'Deleting' | 'Succeeded' | 'Failed';
  /** The full ARM body last PUT (properties, sku, tags), echoed on GET with server-filled fields. */
  body: Record<string, unknown>;
  /** Overrides the model version's behaviour for this deployment (fault injection). */
  behaviourOverride?: Partial<ModelBehaviour>;
  createdAt: string;
  updatedAt: string;
}

export interface EndpointRecord {
  name: string;
  computeType: 'Managed' | 'Kubernetes';
  authMode: 'Key' | 'AMLToken' | 'AADToken';
  traffic: Record<string, number>;
  mirrorTraffic: Record<string, number>;
  keys: { primaryKey: string; secondaryKey: string };
  /** AMLToken endpoints: access tokens issued by `POST …/token` that the scoring route accepts until they expire. */
  tokens?: { accessToken: string; expiresAt: number }[];
  provisioningState: 'Creating' | 'Updating' | 'Deleting' | 'Succeeded' | 'Failed';
  body: Record<string, unknown>;
  deployments: Record<string, DeploymentRecord>;
  createdAt: string;
  updatedAt: string;
}

/** One request the data plane served: what Azure Monitor's metrics are computed from. */
export interface ServedRequest {
  /** Epoch milliseconds when the request arrived. */
  at: number;
  endpoint: string;
  deployment: string;
  mirrored: boolean;
  status: number;
  latencyMs: number;
}
