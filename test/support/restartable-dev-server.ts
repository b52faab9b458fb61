// A Temporal dev server of one's own that can crash and come back: SIGKILL, then a new process on the SAME port and
// the SAME SQLite file (`--db-filename`), so workflows, timers and task queues survive as they would a server restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startTemporalDevServer, type DevServer } from '../../embedded/temporal-dev-server';

export interface RestartableDevServer {
  address: string;
  /** SIGKILL the server process (a crash); the database file stays. */
  kill(): Promise<void>;
  /** Start it again on the same port and database file (kills it first if it still runs). */
  restart(): Promise<void>;
  /** Stop it and delete the database. */
  close(): Promise<void>;
}

export async function startRestartableDevServer(): Promise<RestartableDevServer> {
  const dir = mkdtempSync(join(tmpdir(), 'temporal-db-'));
  const dbFile = join(dir, 'temporal.db');
  const port = await freePort();
  let server: DevServer | undefined = await startTemporalDevServer({ port, dbFile });
  const kill = async () => {
    const running = server;
    server = undefined;
    await running?.kill();
  };
  return {
    address: server.address,
    kill,
    restart: async () => {
      await kill();
      server = await startOnPort(port, dbFile);
    },
    close: async () => {
      await server?.stop();
      server = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The port can stay in TIME_WAIT or held by the dying process for a moment: retry for a while. */
async function startOnPort(port: number, dbFile: string): Promise<DevServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startTemporalDevServer({ port, dbFile });
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}
