// A workaround for tests: SDK 2.1.1 drops `mirrorTraffic` from endpoint PUTs, so a pipeline policy puts
// back the map passed in a private header.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

const HEADER = 'x-test-mirror-traffic';

export function mirrorTrafficInjector(): PipelinePolicy {
  return {
    name: 'testMirrorTrafficInjector',
    async sendRequest(req, next) {
      const mirror = req.headers.get(HEADER);
      if (mirror && typeof req.body === 'string') {
        const body = JSON.parse(req.body);
        body.properties = { ...body.properties, mirrorTraffic: JSON.parse(mirror) };
        req.body = JSON.stringify(body);
        req.headers.delete(HEADER);
      }
      return next(req);
    },
  };
}

export function withMirror<T extends object>(mirror: Record<string, number>, options: T) {
  return { ...options, requestOptions: { customHeaders: { [HEADER]: JSON.stringify(mirror) } } };
}
