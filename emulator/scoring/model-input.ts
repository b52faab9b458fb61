// Which reader a deployment's model applies to a request body: MLflow's input formats for an MLflow model (no-code
// deployment), the scoring script's `{"data": ...}` for a custom model.
import { HEART_FEATURES } from '../model/features';
import { parseMlflowInput, type ParsedInput } from '../model/mlflow-input';
import { parseScriptInput } from '../model/script-input';
import type { ModelVersionRecord } from '../types';

export type RequestBody = { kind: 'json'; value: unknown } | { kind: 'invalid'; message: string };

export function inputForModel(model: ModelVersionRecord, body: RequestBody): ParsedInput {
  if (body.kind === 'invalid') return body;
  if (model.modelType === 'custom_model') return parseScriptInput(body.value, model.weights.length);
  return parseMlflowInput(body.value, HEART_FEATURES);
}
