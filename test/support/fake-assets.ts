// The workspace assets of the in-memory Azure (fake-azure.ts): environment and code versions, each model's
// registered type, as plain records a test may change.
import type { AssetsPort } from '../../activities/ports';

export class FakeAssets {
  /** `NAME:VERSION` of each registered environment. */
  environments = new Set(['sklearn-env:1', 'sklearn-env:2']);
  /** `NAME:VERSION` of each registered code asset. */
  codes = new Set(['score-code:1']);
  /** Model type by `azureml:NAME:VERSION`; a model not listed is an MLflow model. */
  modelTypes: Record<string, string> = {};

  port(): AssetsPort {
    const set = (kind: 'environments' | 'codes') => (kind === 'environments' ? this.environments : this.codes);
    return {
      versions: async (_target, kind, name) =>
        [...set(kind)].filter((id) => id.startsWith(`${name}:`)).map((id) => id.slice(name.length + 1)),
      hasVersion: async (_target, kind, name, version) => set(kind).has(`${name}:${version}`),
      modelType: async (_target, name, version) => this.modelTypes[`azureml:${name}:${version}`] ?? 'mlflow_model',
    };
  }
}
