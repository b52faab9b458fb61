// The assets a deployment names: a custom (non-MLflow) model needs a scoring script (`codeConfiguration`) and an
// environment, an MLflow model may go without [Azure: no-code deployment]; a named code or environment version
// that does not exist fails the operation as a missing model version does (see README "Rules enforced").
import type { Workspace } from '../workspace/state';
import { parseAssetRef } from '../workspace/asset-refs';
import { badArgument } from './errors';
import type { OperationError } from './operations';

export interface DeploymentAssets {
  model: string;
  codeConfiguration?: { codeId?: string | null; scoringScript: string } | null;
  environmentId?: string | null;
}

/** Synchronous refusals (400 BadArgument), every problem in one message. */
export function checkDeploymentAssets(ws: Workspace, props: DeploymentAssets): void {
  const problems: string[] = [];
  const model = ws.resolveModel(props.model);
  if (model?.modelType === 'custom_model') {
    const needs = `model '${props.model}' is not an MLflow model, so the deployment needs`;
    if (!props.codeConfiguration) problems.push(`properties.codeConfiguration: ${needs} a scoring script`);
    if (!props.environmentId) problems.push(`properties.environmentId: ${needs} an environment`);
  }
  const code = props.codeConfiguration;
  if (code && !code.codeId) {
    problems.push('properties.codeConfiguration.codeId: a scoring script needs the code asset that holds it');
  }
  if (code?.codeId && !parseAssetRef('codes', code.codeId)) {
    problems.push(`properties.codeConfiguration.codeId: '${code.codeId}' is not a code version id`);
  }
  if (props.environmentId && !parseAssetRef('environments', props.environmentId)) {
    problems.push(`properties.environmentId: '${props.environmentId}' is not an environment version id`);
  }
  if (problems.length > 0) throw badArgument(`${problems.join('; ')}.`);
}

/** The asynchronous failure of a deployment naming an asset that does not exist, if any. */
export function missingAsset(ws: Workspace, props: DeploymentAssets): OperationError | undefined {
  if (!ws.resolveModel(props.model)) {
    return { code: 'ModelRegistryError', message: `Could not find asset with ID: ${props.model}` };
  }
  const codeId = props.codeConfiguration?.codeId;
  if (codeId && !ws.resolveAsset('codes', codeId)) {
    return { code: 'ResourceNotFound', message: `Could not find asset with ID: ${codeId}` };
  }
  if (props.environmentId && !ws.resolveAsset('environments', props.environmentId)) {
    return { code: 'ResourceNotFound', message: `Could not find asset with ID: ${props.environmentId}` };
  }
  return undefined;
}
