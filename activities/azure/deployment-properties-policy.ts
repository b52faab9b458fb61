// Deployment properties newer than SDK 2.1.1's api-version (2022-10-01), e.g. `dataCollector`: its serializer drops
// what its mappers do not know, so the adapter hands them over in a header and this policy merges them into the
// serialized `properties` of that deployment PUT. A request without the header goes out as the SDK wrote it.
import type { PipelinePolicy, PipelineRequest } from '@azure/core-rest-pipeline';

export const DEPLOYMENT_PROPERTIES_HEADER = 'x-rollout-deployment-properties';
export const DEPLOYMENT_PROPERTIES_POLICY = 'rolloutDeploymentPropertiesPolicy';

const DEPLOYMENT_PATH = /\/onlineEndpoints\/[^/]+\/deployments\/[^/]+\/?$/i;

/** Request options that carry extra properties to the policy; none when there are none. */
export function withDeploymentProperties(extra: Record<string, unknown>): {
  requestOptions?: { customHeaders: Record<string, string> };
} {
  if (Object.keys(extra).length === 0) return {};
  return { requestOptions: { customHeaders: { [DEPLOYMENT_PROPERTIES_HEADER]: JSON.stringify(extra) } } };
}

export function applyDeploymentProperties(request: PipelineRequest): void {
  const header = request.headers.get(DEPLOYMENT_PROPERTIES_HEADER);
  if (header === undefined) return;
  request.headers.delete(DEPLOYMENT_PROPERTIES_HEADER);
  // The poller may repeat the start request's headers on its GETs: only the PUT itself carries the properties.
  if (request.method.toUpperCase() !== 'PUT' || !DEPLOYMENT_PATH.test(new URL(request.url).pathname)) return;
  if (typeof request.body !== 'string') throw new Error('deployment PUT: expected a serialized JSON body');
  const parsed = JSON.parse(request.body) as { properties?: Record<string, unknown> };
  parsed.properties = { ...(parsed.properties ?? {}), ...(JSON.parse(header) as Record<string, unknown>) };
  request.body = JSON.stringify(parsed);
}

export function deploymentPropertiesPolicy(): PipelinePolicy {
  return {
    name: DEPLOYMENT_PROPERTIES_POLICY,
    async sendRequest(request, next) {
      applyDeploymentProperties(request);
      return next(request);
    },
  };
}
