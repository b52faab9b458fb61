// @azure/arm-machinelearning 2.1.1 drops `mirrorTraffic` from endpoint PUT bodies (its mapper predates the field),
// and Azure clears mirroring on a PUT without it. This pipeline policy puts the intended mirror map back, and
// refuses any endpoint PUT that does not state one, so no code path can lose mirroring by accident.
import type { PipelinePolicy, PipelineRequest } from '@azure/core-rest-pipeline';
import type { TrafficMap } from '../../domain/endpoint';

export const MIRROR_TRAFFIC_HEADER = 'x-rollout-mirror-traffic';
export const MIRROR_TRAFFIC_POLICY = 'rolloutMirrorTrafficPolicy';

const ENDPOINT_PATH = /\/onlineEndpoints\/[^/]+\/?$/i;

export function isEndpointPut(method: string, url: string): boolean {
  return method.toUpperCase() === 'PUT' && ENDPOINT_PATH.test(new URL(url).pathname);
}

/** Request options that carry the mirror map to the policy. */
export function withMirrorTraffic(mirrorTraffic: TrafficMap): {
  requestOptions: { customHeaders: Record<string, string> };
} {
  return { requestOptions: { customHeaders: { [MIRROR_TRAFFIC_HEADER]: JSON.stringify(mirrorTraffic) } } };
}

/** The serialized endpoint body with `properties.mirrorTraffic` set to `mirrorTraffic`. */
export function rewriteEndpointBody(body: string, mirrorTraffic: TrafficMap): string {
  const parsed = JSON.parse(body) as { properties?: Record<string, unknown> };
  parsed.properties = { ...(parsed.properties ?? {}), mirrorTraffic };
  return JSON.stringify(parsed);
}

function parseMirrorHeader(value: string): TrafficMap {
  const parsed: unknown = JSON.parse(value);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${MIRROR_TRAFFIC_HEADER}: must be a JSON object of deployment name to percent`);
  }
  for (const [name, pct] of Object.entries(parsed)) {
    if (!Number.isInteger(pct))
      throw new Error(`${MIRROR_TRAFFIC_HEADER}: mirror percent of '${name}' must be an integer`);
  }
  return parsed as TrafficMap;
}

export function applyMirrorTraffic(request: PipelineRequest): void {
  if (!isEndpointPut(request.method, request.url)) return;
  const header = request.headers.get(MIRROR_TRAFFIC_HEADER);
  if (header === undefined) {
    throw new Error(
      'endpoint PUT without a mirror map: SDK 2.1.1 would drop mirrorTraffic and Azure would clear mirroring; ' +
        'use putEndpoint() or pass withMirrorTraffic(map)',
    );
  }
  request.headers.delete(MIRROR_TRAFFIC_HEADER);
  if (typeof request.body !== 'string') throw new Error('endpoint PUT: expected a serialized JSON body');
  request.body = rewriteEndpointBody(request.body, parseMirrorHeader(header));
}

export function mirrorTrafficPolicy(): PipelinePolicy {
  return {
    name: MIRROR_TRAFFIC_POLICY,
    async sendRequest(request, next) {
      applyMirrorTraffic(request);
      return next(request);
    },
  };
}
