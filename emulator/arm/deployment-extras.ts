// getLogs (the inference server's access log, built from the served-request log) and listSkus of a deployment.
import type { DeploymentRecord, EndpointRecord } from '../types';
import type { ArmContext } from './context';
import { MAX_INSTANCES_PER_DEPLOYMENT } from './rules';
import { getLogsSchema, parseBody } from './schemas';

const DEFAULT_TAIL = 100;

export function deploymentLogs(ctx: ArmContext, ep: EndpointRecord, dep: DeploymentRecord, rawBody: unknown) {
  const body = parseBody(getLogsSchema, rawBody ?? {});
  const tail = body.tail ?? DEFAULT_TAIL;
  if (body.containerType === 'StorageInitializer') {
    const lines = [
      `${dep.createdAt} | INFO | Downloading model ${dep.model}`,
      `${dep.createdAt} | INFO | Model downloaded to /var/azureml-app/azureml-models`,
    ];
    return { content: lines.slice(-tail).join('\n') };
  }
  const lines = ctx.log.tail(ep.name, dep.name, tail).map((r) => {
    const kind = r.mirrored ? 'mirrored' : 'live';
    return `${new Date(r.at).toISOString()} | ${r.status} | POST /score | ${r.latencyMs.toFixed(1)} ms | ${kind}`;
  });
  const header = `Azure ML inferencing server (emulated) for ${ep.name}/${dep.name}, model ${dep.model}`;
  return { content: [header, ...lines].slice(-tail).join('\n') };
}

export function deploymentSkus() {
  return [
    {
      resourceType: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments',
      sku: { name: 'Default', tier: 'Standard' },
      capacity: { minimum: 1, maximum: MAX_INSTANCES_PER_DEPLOYMENT, default: 1, scaleType: 'Manual' },
    },
  ];
}
