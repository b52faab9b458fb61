// The REST API over fetch: one request function that turns the API's `{error:{code,message,details}}` (or a network
// failure) into a CliError with the documented exit code, and a server-sent events reader.
import type { CliConfig } from './config';
import { CliError } from './errors';
import { EXIT, exitForHttpStatus } from './exit-codes';

interface ApiErrorBody {
  error?: { code?: string; message?: string; details?: { path?: string; message?: string }[] };
}

export interface RequestOptions {
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

export interface ServerEvent {
  event: string;
  data: unknown;
}

export const rolloutPath = (id: string) => `/rollouts/${encodeURIComponent(id)}`;

export class ApiClient {
  constructor(private readonly config: CliConfig) {}

  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options);
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok) throw apiError(response.status, parsed, text);
    return parsed as T;
  }

  /**
   * Calls onEvent for each event of GET path until it returns true, the server closes the stream or `signal` aborts.
   * Stopping breaks out of the read loop, which cancels the stream (aborting from inside the loop can leave the next
   * read pending for ever on Node 20).
   */
  async stream(path: string, onEvent: (event: ServerEvent) => boolean, signal?: AbortSignal): Promise<void> {
    const response = await this.send('GET', path, { signal });
    if (!response.ok) {
      const text = await response.text();
      throw apiError(response.status, parseJson(text), text);
    }
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = parseEvent(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (event && onEvent(event)) return;
        }
      }
    } catch (error) {
      if (signal?.aborted) return;
      throw new CliError(
        `the event stream from ${this.config.apiUrl} broke: ${(error as Error).message}`,
        EXIT.unreachable,
      );
    }
  }

  private async send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.config.token}`,
      accept: 'application/json',
    };
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] = options.contentType ?? 'application/json';
    }
    try {
      return await fetch(`${this.config.apiUrl}${path}`, { method, headers, body, signal: options.signal });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new CliError(`cannot reach the API at ${this.config.apiUrl}: ${why}`, EXIT.unreachable);
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

export function apiError(status: number, body: unknown, text = ''): CliError {
  const error = (body as ApiErrorBody | undefined)?.error;
  const message = error?.message ?? (text.trim().split('\n')[0] || 'no message');
  const details = (error?.details ?? []).map((d) => (d.path ? `${d.path}: ${d.message ?? ''}` : (d.message ?? '')));
  return new CliError(`${error?.code ?? 'HTTP'} (${status}): ${message}`, exitForHttpStatus(status), details);
}

function parseEvent(block: string): ServerEvent | undefined {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (!data.length) return undefined;
  return { event, data: parseJson(data.join('\n')) };
}
