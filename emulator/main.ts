// `npm run emulator`: runs the emulator in the foreground, prints one `emulator ready {json}` line, stops on
// SIGINT/SIGTERM. Flags: --port --host --state-file --data-dir --rps --traffic-endpoint --provisioning-ms --retry-after --admin-token
// --random-seed --metrics-grain-seconds (below 60: the accelerated clock) --ingestion-delay-ms --ingestion-jitter-ms
// --metrics-throttle (on | off | BUCKET/REFILL_PER_SECOND).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EVERY_LIVE_ENDPOINT } from './control/live-traffic';
import { startEmulator, type EmulatorOptions } from './index';
import { parseThrottle } from './metrics/throttle';

const USAGE =
  'usage: npm run emulator -- [--port N] [--host H] [--state-file PATH] [--data-dir DIR] [--rps N (per endpoint with live traffic; 0 = off)] ' +
  '[--traffic-endpoint NAME (only this endpoint; default * = every one with live traffic)] ' +
  '[--provisioning-ms N] [--retry-after SECONDS] [--admin-token T] [--random-seed N] ' +
  '[--metrics-grain-seconds N (60 = Azure; less = accelerated clock)] ' +
  '[--ingestion-delay-ms N] [--ingestion-jitter-ms N] ' +
  '[--mirrored-metrics shadow-deployment|excluded] [--metrics-throttle on|off|BUCKET/REFILL_PER_SECOND]';

function number(flag: string, raw: string | undefined, fallback?: number): number | undefined {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${flag}: must be a number >= 0, got '${raw}'`);
  return value;
}

export function parseCli(argv: string[]): EmulatorOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'state-file': { type: 'string' },
      'data-dir': { type: 'string' },
      rps: { type: 'string' },
      'traffic-endpoint': { type: 'string' },
      'provisioning-ms': { type: 'string' },
      'retry-after': { type: 'string' },
      'admin-token': { type: 'string' },
      'random-seed': { type: 'string' },
      'metrics-grain-seconds': { type: 'string' },
      'ingestion-delay-ms': { type: 'string' },
      'ingestion-jitter-ms': { type: 'string' },
      'mirrored-metrics': { type: 'string' },
      'metrics-throttle': { type: 'string' },
      'core-quota': { type: 'string' },
    },
  });
  const rps = number('rps', values.rps, 5) ?? 0;
  return {
    port: number('port', values.port, 0),
    host: values.host,
    stateFile: values['state-file'] && resolve(values['state-file']),
    dataDir: resolve(values['data-dir'] ?? 'data/emulator'),
    // Live traffic to every endpoint that has some, so a first release's new endpoint is called too.
    traffic: rps > 0 ? { rps, endpoint: values['traffic-endpoint'] ?? EVERY_LIVE_ENDPOINT } : false,
    provisioningMs: number('provisioning-ms', values['provisioning-ms'], 1000),
    retryAfterSeconds: number('retry-after', values['retry-after']),
    adminToken: values['admin-token'],
    randomSeed: number('random-seed', values['random-seed']),
    metricsThrottle: parseThrottle(values['metrics-throttle'] ?? 'off'),
    ...(values['core-quota'] !== undefined ? { coreQuota: { '*': number('core-quota', values['core-quota'])! } } : {}),
    metrics: {
      grainSeconds: number('metrics-grain-seconds', values['metrics-grain-seconds']),
      ingestionDelayMs: number('ingestion-delay-ms', values['ingestion-delay-ms']),
      ingestionJitterMs: number('ingestion-jitter-ms', values['ingestion-jitter-ms']),
      mirrored: values['mirrored-metrics'] as 'shadow-deployment' | 'excluded' | undefined,
    },
  };
}

async function main(): Promise<void> {
  let options: EmulatorOptions;
  try {
    options = parseCli(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const emulator = await startEmulator(options);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    emulator.stop().then(
      () => process.exit(0),
      (err) => {
        console.error(`emulator: stop after ${signal} failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Printed after the signal handlers exist, so a supervisor may signal as soon as it reads the line.
  const { metrics } = emulator.info;
  if (metrics.clock === 'accelerated') {
    process.stderr.write(`emulator: ACCELERATED metrics clock, grain ${metrics.grain} instead of Azure's PT1M\n`);
  }
  process.stdout.write(`emulator ready ${JSON.stringify(emulator.info)}\n`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`emulator failed to start: ${(err as Error).stack ?? err}`);
    process.exit(1);
  });
}
