// The legacy notify (plans' old webhookUrl, still called by runs started before channels) against a real local HTTP
// webhook: delivery, retries on 5xx, a 4xx that is not retried, the timeout, and the outbound allowlist.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { notifyActivities } from '../../../activities/notify';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let url: string;
let handler: Handler;
const received: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push(body);
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received.length = 0;
});

// The webhook listens on loopback: allowed explicitly, as an admin would.
const { notify } = notifyActivities({ backoffMs: 10, timeoutMs: 300, allowlist: ['127.0.0.1'] });

describe('notify', () => {
  it('posts the event as JSON', async () => {
    handler = (req, res) => res.writeHead(req.headers['content-type'] === 'application/json' ? 204 : 415).end();
    await notify({ webhookUrl: url, event: { type: 'RolledBack', rolloutId: 'r1' } });
    expect(received.map((b) => JSON.parse(b))).toEqual([{ type: 'RolledBack', rolloutId: 'r1' }]);
  });

  it('retries a 5xx answer and succeeds', async () => {
    let calls = 0;
    handler = (_req, res) => res.writeHead(++calls < 3 ? 503 : 200).end();
    await notify({ webhookUrl: url, event: { n: 1 } });
    expect(received).toHaveLength(3);
  });

  it('gives up after the attempts with a retryable Unavailable', async () => {
    handler = (_req, res) => res.writeHead(500).end();
    await expect(notify({ webhookUrl: url, event: {} })).rejects.toMatchObject({
      type: 'Unavailable',
      nonRetryable: false,
    });
    expect(received).toHaveLength(3);
  });

  it('does not retry a 4xx answer', async () => {
    handler = (_req, res) => res.writeHead(400).end();
    await expect(notify({ webhookUrl: url, event: {} })).rejects.toMatchObject({
      type: 'Unavailable',
      nonRetryable: true,
    });
    expect(received).toHaveLength(1);
  });

  it('bounds a webhook that never answers by the timeout', async () => {
    handler = () => undefined;
    const started = Date.now();
    await expect(notify({ webhookUrl: url, event: {} })).rejects.toMatchObject({ type: 'Unavailable' });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('refuses a webhook URL that is not a URL', async () => {
    await expect(notify({ webhookUrl: 'not a url', event: {} })).rejects.toMatchObject({ nonRetryable: true });
  });

  it('refuses an address the allowlist does not admit, sending nothing', async () => {
    handler = (_req, res) => res.writeHead(204).end();
    const strict = notifyActivities({ backoffMs: 10, timeoutMs: 300 });
    await expect(strict.notify({ webhookUrl: url, event: {} })).rejects.toMatchObject({
      type: 'Unavailable',
      nonRetryable: true,
      message: 'notify: the address is not allowed',
    });
    const byName = url.replace('127.0.0.1', 'localhost');
    await expect(strict.notify({ webhookUrl: byName, event: {} })).rejects.toMatchObject({ nonRetryable: true });
    expect(received).toHaveLength(0);
  });
});
