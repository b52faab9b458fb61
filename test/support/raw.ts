// Raw ARM requests through the SDK client's own pipeline (bearer auth, TLS trust), for bodies and headers the
// typed methods cannot produce: malformed JSON, wrong types, mirrorTraffic, header inspection.
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import type { TestEmulator } from './emulator';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: any;
}

export function wsPath(emu: TestEmulator, tail: string): string {
  return (
    `/subscriptions/${emu.info.subscriptionId}/resourceGroups/${emu.resourceGroup}` +
    `/providers/Microsoft.MachineLearningServices/workspaces/${emu.workspace}${tail}`
  );
}

export async function raw(
  emu: TestEmulator,
  method: 'GET' | 'PUT' | 'PATCH' | 'POST' | 'DELETE',
  pathOrUrl: string,
  body?: string | object,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const url = pathOrUrl.startsWith('https://')
    ? pathOrUrl
    : `${emu.info.armEndpoint}${pathOrUrl}${pathOrUrl.includes('?') ? '&' : '?'}api-version=2025-09-01`;
  const request = createPipelineRequest({
    url,
    method,
    headers: createHttpHeaders({ 'content-type': 'application/json', ...headers }),
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const response = await emu.arm.sendRequest(request);
  let parsed: unknown = response.bodyAsText;
  try {
    parsed = response.bodyAsText ? JSON.parse(response.bodyAsText) : undefined;
  } catch {
    // keep text
  }
  return { status: response.status, headers: response.headers.toJSON(), body: parsed };
}
