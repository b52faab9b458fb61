// The REST API as the bench calls it: one request with a role's token, timed.
import type { Ready } from './stack';

export interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  ms: number;
}

export type Role = keyof Ready['tokens'];

export function apiOf(ready: Ready) {
  return async (method: string, path: string, role: Role | undefined, body?: unknown): Promise<Answer> => {
    const headers: Record<string, string> = {};
    if (role) headers.authorization = `Bearer ${ready.tokens[role]}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const start = performance.now();
    const response = await fetch(`${ready.apiUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const ms = performance.now() - start;
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (the /metrics text)
    }
    return { status: response.status, body: parsed, ms };
  };
}

export type Api = ReturnType<typeof apiOf>;

/** The path segment of a rollout id. */
export const rolloutPath = (id: string) => `/rollouts/${encodeURIComponent(id)}`;
