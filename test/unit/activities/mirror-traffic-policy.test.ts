// The mirrorTraffic policy restores the mirror map SDK 2.1.1 drops, and refuses endpoint PUTs without one.
import {
  createHttpHeaders,
  createPipelineRequest,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import {
  MIRROR_TRAFFIC_HEADER,
  isEndpointPut,
  mirrorTrafficPolicy,
  rewriteEndpointBody,
  withMirrorTraffic,
} from '../../../activities/azure/mirror-traffic-policy';

const WS =
  'https://arm.test/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws';
const EP_URL = `${WS}/onlineEndpoints/ep?api-version=2022-10-01`;
const SDK_BODY = JSON.stringify({
  location: 'eastus',
  properties: { authMode: 'Key', traffic: { blue: 90, green: 10 } },
});

async function send(request: PipelineRequest): Promise<PipelineRequest> {
  let seen: PipelineRequest | undefined;
  const next = async (req: PipelineRequest): Promise<PipelineResponse> => {
    seen = req;
    return { request: req, status: 200, headers: createHttpHeaders() };
  };
  await mirrorTrafficPolicy().sendRequest(request, next);
  return seen as PipelineRequest;
}

function endpointPut(headers: Record<string, string>): PipelineRequest {
  return createPipelineRequest({ url: EP_URL, method: 'PUT', body: SDK_BODY, headers: createHttpHeaders(headers) });
}

describe('mirrorTrafficPolicy', () => {
  it('puts the mirror map back into the endpoint PUT body and removes the carrier header', async () => {
    const sent = await send(endpointPut({ [MIRROR_TRAFFIC_HEADER]: JSON.stringify({ green: 10 }) }));
    expect(JSON.parse(sent.body as string)).toEqual({
      location: 'eastus',
      properties: { authMode: 'Key', traffic: { blue: 90, green: 10 }, mirrorTraffic: { green: 10 } },
    });
    expect(sent.headers.get(MIRROR_TRAFFIC_HEADER)).toBeUndefined();
  });

  it('sends an explicit empty map when mirroring is cleared', async () => {
    const sent = await send(endpointPut(withMirrorTraffic({}).requestOptions.customHeaders));
    expect(JSON.parse(sent.body as string).properties.mirrorTraffic).toEqual({});
  });

  it('refuses an endpoint PUT that states no mirror map', async () => {
    await expect(send(endpointPut({}))).rejects.toThrow(/without a mirror map/);
  });

  it('refuses a malformed mirror map', async () => {
    await expect(send(endpointPut({ [MIRROR_TRAFFIC_HEADER]: JSON.stringify({ green: 'ten' }) }))).rejects.toThrow(
      /integer/,
    );
    await expect(send(endpointPut({ [MIRROR_TRAFFIC_HEADER]: '[1]' }))).rejects.toThrow(/JSON object/);
  });

  it('leaves deployment PUTs, endpoint GETs and other requests alone', async () => {
    const deploymentPut = createPipelineRequest({
      url: `${WS}/onlineEndpoints/ep/deployments/green?api-version=1`,
      method: 'PUT',
      body: '{"a":1}',
    });
    expect((await send(deploymentPut)).body).toBe('{"a":1}');
    const get = createPipelineRequest({ url: EP_URL, method: 'GET' });
    expect((await send(get)).body).toBeUndefined();
  });
});

describe('isEndpointPut', () => {
  it.each([
    ['PUT', EP_URL, true],
    ['PUT', `${WS}/onlineEndpoints/ep/`, true],
    ['GET', EP_URL, false],
    ['PUT', `${WS}/onlineEndpoints/ep/deployments/blue`, false],
    ['POST', `${WS}/onlineEndpoints/ep/listKeys`, false],
    ['PUT', `${WS}/batchEndpoints/ep`, false],
  ])('%s %s → %s', (method, url, expected) => {
    expect(isEndpointPut(method, url)).toBe(expected);
  });
});

describe('rewriteEndpointBody', () => {
  it('replaces a stale mirror map', () => {
    const body = JSON.stringify({ properties: { mirrorTraffic: { green: 20 } } });
    expect(JSON.parse(rewriteEndpointBody(body, { green: 5 }))).toEqual({
      properties: { mirrorTraffic: { green: 5 } },
    });
  });
});
