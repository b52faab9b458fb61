// Model references compare by the version they name, whichever way Azure spells them.
import { modelVersionOf, sameModelVersion } from '../../../domain/model-version';

const armId = (name: string, version: string) =>
  `/subscriptions/0000/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/models/${name}/versions/${version}`;

describe('model versions', () => {
  it.each([
    ['azureml:heart-classifier:3', { name: 'heart-classifier', version: '3' }],
    [armId('heart-classifier', '3'), { name: 'heart-classifier', version: '3' }],
    ['azureml://registries/shared/models/sk-reg/versions/2', { name: 'sk-reg', version: '2', registry: 'shared' }],
    ['azureml:heart-classifier@latest', undefined],
    ['heart-classifier:3', undefined],
  ])('%s names %j', (ref, expected) => {
    expect(modelVersionOf(ref)).toEqual(expected);
  });

  it.each([
    ['azureml:heart-classifier:3', armId('heart-classifier', '3'), true],
    ['azureml:heart-classifier:3', 'azureml:heart-classifier:2', false],
    ['azureml:heart-classifier:3', 'azureml://registries/shared/models/heart-classifier/versions/3', false],
    ['azureml:heart-classifier@latest', 'azureml:heart-classifier@latest', false],
  ])('%s and %s: same version %s', (a, b, expected) => {
    expect(sameModelVersion(a, b)).toBe(expected);
  });
});
