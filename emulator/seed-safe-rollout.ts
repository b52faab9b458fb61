// The seeded safe-rollout example (Azure's how-to-safely-rollout-online-endpoints): model `sklearn-regression`
// versions 1-3 (model/regression-versions.ts), its scoring script as code asset `regression-score:1` (`score.py`),
// environment `sklearn-regression-env:1`, and endpoint `regression-ep` whose `blue` serves version 1 at 100%.
// Registry `shared-models` holds the same model versions and environment, a second place they can come from.
import { REGRESSION_MODEL_NAME, defaultRegressionModelVersions } from './model/regression-versions';
import { seededEndpoint } from './seed';
import type { AssetContainerRecord, ModelVersionRecord } from './types';
import type { ModelContainerRecord, Workspace } from './workspace/state';

export const REGRESSION_ENDPOINT = 'regression-ep';
export const SHARED_REGISTRY = 'shared-models';
const CODE = { name: 'regression-score', version: '1' };
const ENVIRONMENT = { name: 'sklearn-regression-env', version: '1' };
const SEEDED_AT = '2025-01-01T00:00:00.000Z';

// As the example's model-1/environment: an Ubuntu base image with the scikit-learn conda file on top.
const ENVIRONMENT_PROPERTIES = {
  description: 'scikit-learn 1.5 on the Azure ML OpenMPI Ubuntu image (model-1/environment/conda.yaml)',
  image: 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest',
  condaFile:
    'name: model-env\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.9\n  - numpy=1.26\n  - pip\n' +
    '  - scikit-learn=1.5\n  - scipy=1.13\n  - pip:\n    - azureml-inference-server-http\n    - joblib\n',
  osType: 'Linux',
};

export function seedSafeRollout(ws: Workspace): void {
  const versions = defaultRegressionModelVersions();
  ws.state.models[REGRESSION_MODEL_NAME] = regressionContainer(versions);
  ws.state.codes[CODE.name] = container(CODE.name, CODE.version, {
    description: 'the example\'s onlinescoring/score.py: reads {"data": rows}, answers model.predict(rows).tolist()',
    codeUri: 'https://emulatorstorage.blob.core.windows.net/azureml/LocalUpload/regression-score/onlinescoring',
  });
  ws.state.environments[ENVIRONMENT.name] = container(ENVIRONMENT.name, ENVIRONMENT.version, ENVIRONMENT_PROPERTIES);
  ws.state.registries[SHARED_REGISTRY] = {
    name: SHARED_REGISTRY,
    models: { [REGRESSION_MODEL_NAME]: regressionContainer(defaultRegressionModelVersions()) },
    environments: {
      [ENVIRONMENT.name]: container(ENVIRONMENT.name, ENVIRONMENT.version, ENVIRONMENT_PROPERTIES),
    },
  };
  const workspace = workspaceId(ws);
  ws.state.endpoints[REGRESSION_ENDPOINT] = seededEndpoint(REGRESSION_ENDPOINT, ws.identity.location, undefined, {
    model: `azureml:${REGRESSION_MODEL_NAME}:1`,
    properties: {
      codeConfiguration: {
        codeId: `${workspace}/codes/${CODE.name}/versions/${CODE.version}`,
        scoringScript: 'score.py',
      },
      environmentId: `${workspace}/environments/${ENVIRONMENT.name}/versions/${ENVIRONMENT.version}`,
    },
  });
}

function regressionContainer(versions: ModelVersionRecord[]): ModelContainerRecord {
  return {
    name: REGRESSION_MODEL_NAME,
    createdAt: SEEDED_AT,
    description: "scikit-learn regression over 10 numbers, as in Azure's safe-rollout example (model-1).",
    tags: {},
    versions: Object.fromEntries(versions.map((v) => [String(v.version), v])),
  };
}

function container(name: string, version: string, properties: Record<string, unknown>): AssetContainerRecord {
  return {
    name,
    createdAt: SEEDED_AT,
    tags: {},
    versions: { [version]: { name, version, createdAt: SEEDED_AT, properties } },
  };
}

function workspaceId(ws: Workspace): string {
  const { subscriptionId, resourceGroup, workspace } = ws.identity;
  return (
    `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}` +
    `/providers/Microsoft.MachineLearningServices/workspaces/${workspace}`
  );
}
