// A local HTTPS webhook receiver for notification tests: a self-signed certificate (SAN localhost, 127.0.0.1), every
// POST recorded with its headers and raw body, and an answer the test may change (a status, or never answering).
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingHttpHeaders } from 'node:http';
import { generate } from 'selfsigned';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
}

export interface HttpsReceiver {
  /** `https://localhost:<port>`: the host resolves to loopback, refused unless allowlisted. */
  url: string;
  ca: string;
  received: Received[];
  /** 204 by default; `hang` never answers (a dead receiver that accepts connections). A mutable box: the receiver
   * may be reached through a read-only proxy (test/support/hooks.ts). */
  reply: { status: number | 'hang' };
  close(): Promise<void>;
}

export async function startHttpsReceiver(): Promise<HttpsReceiver> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const receiver = { received: [] as Received[], reply: { status: 204 as number | 'hang' } };
  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      receiver.received.push({ path: req.url ?? '', headers: req.headers, body, json });
      const { status } = receiver.reply;
      if (status !== 'hang') res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(receiver, {
    url: `https://localhost:${port}`,
    ca: pems.cert,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
