import { parseAssetRef } from '../../../../emulator/workspace/asset-refs';

const WS = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws';

describe('parseAssetRef', () => {
  it.each([
    ['models', 'azureml:sklearn-regression:2', { name: 'sklearn-regression', version: '2' }],
    ['models', 'heart-classifier:1', { name: 'heart-classifier', version: '1' }],
    ['codes', `${WS}/codes/score/versions/3`, { name: 'score', version: '3' }],
    ['environments', `azureml:${WS}/environments/env/versions/1`, { name: 'env', version: '1' }],
    ['models', 'azureml://registries/shared/models/m/versions/4', { registry: 'shared', name: 'm', version: '4' }],
    [
      'environments',
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/registries/r/environments/e/versions/2',
      { registry: 'r', name: 'e', version: '2' },
    ],
  ] as const)('reads %s %s', (kind, ref, expected) => {
    expect(parseAssetRef(kind, ref)).toEqual(expected);
  });

  it.each([
    ['models', 'azureml:heart-classifier@latest'],
    ['codes', `${WS}/environments/env/versions/1`],
    ['environments', 'just-a-name'],
  ] as const)('reads no %s from %s', (kind, ref) => {
    expect(parseAssetRef(kind, ref)).toBeUndefined();
  });
});
