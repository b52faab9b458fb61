// Demo credentials for the embedded stack: one bearer token per role (two release managers, so one can start a
// rollout and the other approve it: the two-person rule) and the alert webhook secret, generated at first start and
// kept in the data folder so they survive restarts. The API gets only their hashes.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../api/auth';
import type { TokenEntry } from '../api/config';

export interface DemoCredentials {
  tokens: { viewer: string; releaseManager: string; releaseManager2: string; sre: string; admin: string };
  alertSecret: string;
}

const ROLE_OF = {
  viewer: 'viewer',
  releaseManager: 'release-manager',
  releaseManager2: 'release-manager',
  sre: 'sre',
  admin: 'admin',
} as const;
const NAME_OF = {
  viewer: 'demo-viewer',
  releaseManager: 'demo-release-manager',
  releaseManager2: 'demo-release-manager-2',
  sre: 'demo-sre',
  admin: 'demo-admin',
} as const;
const secret = (prefix: string) => `${prefix}-${randomBytes(18).toString('base64url')}`;

export function loadDemoCredentials(dataDir: string): DemoCredentials {
  const file = join(dataDir, 'demo-tokens.json');
  const saved = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DemoCredentials>) : undefined;
  // A file from before the second release manager keeps its tokens and gains the missing one.
  if (saved?.tokens?.releaseManager2 && saved.alertSecret) return saved as DemoCredentials;
  const created: DemoCredentials = {
    tokens: {
      viewer: secret('viewer'),
      releaseManager: secret('release-manager'),
      releaseManager2: secret('release-manager-2'),
      sre: secret('sre'),
      admin: secret('admin'),
      ...saved?.tokens,
    },
    alertSecret: saved?.alertSecret ?? secret('alert'),
  };
  writeFileSync(file, `${JSON.stringify(created, null, 2)}\n`, { mode: 0o600 });
  return created;
}

export function tokenEntries(credentials: DemoCredentials): TokenEntry[] {
  return (Object.keys(ROLE_OF) as (keyof typeof ROLE_OF)[]).map((key) => ({
    name: NAME_OF[key],
    role: ROLE_OF[key],
    sha256: sha256Hex(credentials.tokens[key]),
  }));
}
