// The emulator's self-signed certificate, generated at every start (SAN localhost and 127.0.0.1), and the
// CA PEM file clients pass as `tlsOptions.ca`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface Certificate {
  key: string;
  cert: string;
  caCertPath: string;
}

export async function createCertificate(dataDir: string, extraHost?: string): Promise<Certificate> {
  const altNames: { type: 2 | 7; value?: string; ip?: string }[] = [
    { type: 2, value: 'localhost' },
    { type: 7, ip: '127.0.0.1' },
  ];
  if (extraHost && !['localhost', '127.0.0.1', '0.0.0.0', '::'].includes(extraHost)) {
    altNames.push(/^[\d.]+$/.test(extraHost) ? { type: 7, ip: extraHost } : { type: 2, value: extraHost });
  }
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 30 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  mkdirSync(dataDir, { recursive: true });
  const caCertPath = join(dataDir, 'emulator-ca.pem');
  writeFileSync(caCertPath, pems.cert);
  return { key: pems.private, cert: pems.cert, caCertPath };
}
