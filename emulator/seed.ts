// The seeded workspace: model `heart-classifier` versions 1 (baseline), 2 (good) and 3 (bad); endpoint `heart-ep`
// (Managed, key auth) and `heart-k8s` (Kubernetes on the attached compute `k8s-compute`), each with deployment
// `blue` serving version 1 at 100%; and the safe-rollout example's regression endpoint (seed-safe-rollout.ts).
import { randomBytes } from 'node:crypto';
import { withDefaults } from './arm/deployment-defaults';
import { HEART_MODEL_NAME, defaultHeartModelVersions } from './model/versions';
import { seedSafeRollout } from './seed-safe-rollout';
import type { DeploymentRecord, EndpointRecord, ModelVersionRecord } from './types';
import type { ModelContainerRecord, Workspace } from './workspace/state';

const SEEDED_AT = '2025-01-01T00:00:00.000Z';
const SEEDED_INSTANCES = 2;

export function newEndpointKey(): string {
  return randomBytes(24).toString('base64url');
}

export function seedWorkspace(ws: Workspace): void {
  const versions = defaultHeartModelVersions();
  ws.state.models[HEART_MODEL_NAME] = {
    name: HEART_MODEL_NAME,
    createdAt: SEEDED_AT,
    description: 'Heart-disease classifier (UCI Cleveland features), as in the MLflow progressive-rollout notebook.',
    tags: {},
    versions: Object.fromEntries(versions.map((v) => [String(v.version), v])),
  };
  const location = ws.identity.location;
  ws.state.endpoints['heart-ep'] = seededEndpoint('heart-ep', location, undefined);
  ws.state.endpoints['heart-k8s'] = seededEndpoint('heart-k8s', location, 'k8s-compute');
  seedSafeRollout(ws);
  ws.state.computes = { 'k8s-compute': seededKubernetesCompute() };
  ws.changed();
}

/**
 * The attached Kubernetes cluster of `heart-k8s`: Azure ML's `defaultinstancetype` (created with the extension) and
 * one larger type, as a cluster admin would define them (resource figures are the emulator's choice).
 */
function seededKubernetesCompute() {
  const type = (cpu: string, memory: string) => ({
    nodeSelector: null,
    resources: { requests: { cpu, memory }, limits: { cpu, memory } },
  });
  return {
    name: 'k8s-compute',
    body: {
      properties: {
        computeType: 'Kubernetes',
        computeLocation: 'eastus',
        provisioningState: 'Succeeded',
        description: 'Seeded Arc/AKS cluster attached to the workspace',
        isAttachedCompute: true,
        properties: {
          namespace: 'azureml',
          defaultInstanceType: 'defaultinstancetype',
          instanceTypes: { defaultinstancetype: type('1', '2Gi'), 'cpu-large': type('4', '8Gi') },
        },
      },
    },
  };
}

/** What the seeded `blue` deployment runs: the heart classifier's version 1 unless told otherwise. */
export interface SeededBlue {
  model: string;
  properties?: Record<string, unknown>;
}

const HEART_BLUE: SeededBlue = { model: `azureml:${HEART_MODEL_NAME}:1` };

export function seededEndpoint(
  name: string,
  location: string,
  compute: string | undefined,
  blue: SeededBlue = HEART_BLUE,
): EndpointRecord {
  const computeType = compute ? 'Kubernetes' : 'Managed';
  return {
    name,
    computeType,
    authMode: 'Key',
    traffic: { blue: 100 },
    mirrorTraffic: {},
    keys: { primaryKey: newEndpointKey(), secondaryKey: newEndpointKey() },
    provisioningState: 'Succeeded',
    body: {
      location,
      kind: computeType,
      tags: {},
      identity: { type: 'SystemAssigned' },
      properties: {
        authMode: 'Key',
        description: `Seeded ${computeType} endpoint`,
        properties: {},
        ...(compute ? { compute } : {}),
      },
    },
    deployments: { blue: seededDeployment(location, computeType, blue) },
    createdAt: SEEDED_AT,
    updatedAt: SEEDED_AT,
  };
}

function seededDeployment(location: string, computeType: 'Managed' | 'Kubernetes', blue: SeededBlue): DeploymentRecord {
  const { model } = blue;
  const instanceType = computeType === 'Managed' ? 'Standard_DS3_v2' : 'defaultinstancetype';
  // Sized like a production deployment: 2 instances taking 8 requests each, so demo traffic never sees 429s.
  const body = withDefaults(
    {
      location,
      sku: { name: 'Default', capacity: SEEDED_INSTANCES },
      properties: {
        endpointComputeType: computeType,
        model,
        instanceType,
        requestSettings: { maxConcurrentRequestsPerInstance: 8 },
        ...blue.properties,
      },
    },
    computeType,
  );
  return {
    name: 'blue',
    model,
    instanceType,
    instanceCount: SEEDED_INSTANCES,
    provisioningState: 'Succeeded',
    body,
    createdAt: SEEDED_AT,
    updatedAt: SEEDED_AT,
  };
}

/** A version registered through ARM: the newest existing version's model (type, task, weights), ordinary behaviour. */
export function modelVersionFor(
  container: ModelContainerRecord,
  version: number,
  description?: string,
): ModelVersionRecord {
  const existing = Object.values(container.versions).sort((a, b) => b.version - a.version)[0];
  const template = existing ?? defaultHeartModelVersions()[0];
  return {
    name: container.name,
    version,
    createdAt: new Date().toISOString(),
    description,
    ...(template.modelType ? { modelType: template.modelType } : {}),
    ...(template.task ? { task: template.task } : {}),
    weights: [...template.weights],
    bias: template.bias,
    behaviour: { latencyMs: { median: 20, p99: 60 }, errorRate: 0.001, flipRate: 0 },
  };
}
