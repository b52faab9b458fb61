// The deployment-properties policy puts what SDK 2.1.1 cannot serialize (dataCollector) into the deployment PUT,
// and leaves every other request, and a PUT without it, as the SDK wrote them.
import { createHttpHeaders, createPipelineRequest, type PipelineRequest } from '@azure/core-rest-pipeline';
import {
  DEPLOYMENT_PROPERTIES_HEADER,
  deploymentPropertiesPolicy,
  withDeploymentProperties,
} from '../../../../activities/azure/deployment-properties-policy';

const WS =
  'https://arm.test/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws';
const DEP_URL = `${WS}/onlineEndpoints/ep/deployments/green?api-version=2022-10-01`;
const SDK_BODY = JSON.stringify({ location: 'eastus', properties: { endpointComputeType: 'Managed', model: 'm' } });
const COLLECTOR = { dataCollector: { collections: { model_inputs: { dataCollectionMode: 'Enabled' } } } };

async function send(method: string, url: string, extra: Record<string, unknown>): Promise<PipelineRequest> {
  const headers = createHttpHeaders(withDeploymentProperties(extra).requestOptions?.customHeaders ?? {});
  const request = createPipelineRequest({ url, method: method as 'PUT', headers, body: SDK_BODY });
  let seen: PipelineRequest | undefined;
  await deploymentPropertiesPolicy().sendRequest(request, async (req) => {
    seen = req;
    return { request: req, status: 200, headers: createHttpHeaders() };
  });
  return seen!;
}

describe('deploymentPropertiesPolicy', () => {
  it('merges the extra properties into the deployment PUT and drops its header', async () => {
    const sent = await send('PUT', DEP_URL, COLLECTOR);
    expect(JSON.parse(sent.body as string)).toEqual({
      location: 'eastus',
      properties: { endpointComputeType: 'Managed', model: 'm', ...COLLECTOR },
    });
    expect(sent.headers.get(DEPLOYMENT_PROPERTIES_HEADER)).toBeUndefined();
  });

  it('sends a PUT without extra properties as the SDK wrote it', async () => {
    const sent = await send('PUT', DEP_URL, {});
    expect(sent.body).toBe(SDK_BODY);
  });

  it("leaves the poller's GETs alone, without the header", async () => {
    const sent = await send('GET', `${WS}/onlineEndpoints/ep/deployments/green?api-version=2022-10-01`, COLLECTOR);
    expect(sent.body).toBe(SDK_BODY);
    expect(sent.headers.get(DEPLOYMENT_PROPERTIES_HEADER)).toBeUndefined();
  });
});
