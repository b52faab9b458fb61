// Saves and loads the workspace state file. Writes go to a temporary file first so a crash never leaves half a file.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { WorkspaceState } from './state';

interface StateFile {
  version: 1;
  state: WorkspaceState;
}

// State files written before code, environment and registry assets existed hold none of them.
type SavedState = Omit<WorkspaceState, 'codes' | 'environments' | 'registries'> & Partial<WorkspaceState>;

export function saveState(path: string, state: WorkspaceState): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ version: 1, state } satisfies StateFile, null, 1));
  renameSync(tmp, path);
}

/** The saved state with operations that were in flight at shutdown settled, or undefined when there is no file. */
export function loadState(path: string): WorkspaceState | undefined {
  if (!existsSync(path)) return undefined;
  const file = JSON.parse(readFileSync(path, 'utf8')) as { version: 1; state: SavedState };
  if (file.version !== 1 || !file.state?.endpoints || !file.state?.models) {
    throw new Error(`state file ${path}: unsupported format (expected version 1 with endpoints and models)`);
  }
  return settleInFlight({ codes: {}, environments: {}, registries: {}, ...file.state });
}

// An operation cannot survive a restart: creates and updates count as done, deletes as carried out.
function settleInFlight(state: WorkspaceState): WorkspaceState {
  for (const [name, endpoint] of Object.entries(state.endpoints)) {
    if (endpoint.provisioningState === 'Deleting') {
      delete state.endpoints[name];
      continue;
    }
    if (endpoint.provisioningState !== 'Failed') endpoint.provisioningState = 'Succeeded';
    for (const [depName, dep] of Object.entries(endpoint.deployments)) {
      if (dep.provisioningState === 'Deleting') delete endpoint.deployments[depName];
      else if (dep.provisioningState !== 'Failed') dep.provisioningState = 'Succeeded';
    }
  }
  return state;
}
