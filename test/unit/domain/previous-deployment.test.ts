import { modelReference, previousDeployment } from '../../../domain/previous-deployment';
import { planSchema } from '../../../domain/plan';

describe('previousDeployment', () => {
  it('reads a plan candidate back from the ARM resource and lists what a candidate cannot state', () => {
    const previous = previousDeployment(
      {
        name: 'blue',
        sku: { name: 'Default', capacity: 3 },
        properties: {
          model:
            '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/models/heart/versions/1',
          instanceType: 'Standard_DS3_v2',
          environmentVariables: { MODE: 'strict' },
          requestSettings: { requestTimeout: 'PT1M30S', maxConcurrentRequestsPerInstance: 4 },
          codeConfiguration: { scoringScript: 'score.py' },
          provisioningState: 'Succeeded',
          endpointComputeType: 'Managed',
          appInsightsEnabled: null,
        },
      },
      '2026-12-06T07:00:00.000Z',
    );
    expect(previous).toMatchObject({
      candidate: {
        name: 'blue',
        model: 'azureml:heart:1',
        instance_type: 'Standard_DS3_v2',
        instance_count: 3,
        environment_variables: { MODE: 'strict' },
        request_settings: { request_timeout_ms: 90_000, max_concurrent_requests_per_instance: 4 },
      },
      notRestored: ['codeConfiguration'],
      deletedAt: '2026-12-06T07:00:00.000Z',
    });
    expect(
      planSchema.safeParse({ endpoint: 'heart-ep', candidate: previous!.candidate, stages: [{ kind: 'deploy' }] })
        .success,
    ).toBe(true);
  });

  it.each([
    ['azureml:heart:2', 'azureml:heart:2'],
    ['azureml:heart@latest', undefined],
    [42, undefined],
  ])('reads model %p as %p', (model, expected) => {
    expect(modelReference(model)).toBe(expected);
  });

  it('records nothing to revert to without a model', () => {
    expect(previousDeployment({ name: 'blue', properties: {} }, 'now')).toBeUndefined();
  });
});
