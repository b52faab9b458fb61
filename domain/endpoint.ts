// Identity of an Azure ML online endpoint and the rollout id derived from it.

export interface EndpointRef {
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  endpoint: string;
}

/** One active rollout per endpoint: the workflow id is the endpoint's identity. */
export function rolloutId(ref: EndpointRef): string {
  return `rollout:${ref.subscriptionId}/${ref.resourceGroup}/${ref.workspace}/${ref.endpoint}`;
}

export function endpointArmId(ref: EndpointRef): string {
  return (
    `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}` +
    `/providers/Microsoft.MachineLearningServices/workspaces/${ref.workspace}/onlineEndpoints/${ref.endpoint}`
  );
}

export type TrafficMap = Record<string, number>;

export interface TrafficState {
  traffic: TrafficMap;
  mirrorTraffic: TrafficMap;
}
