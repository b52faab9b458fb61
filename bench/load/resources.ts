// CPU and resident memory of the stack's processes, sampled from /proc (Linux).
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

export interface Usage {
  /** Average CPU over the sampled span, in % of one core. */
  cpuPercent: number;
  peakRssMiB: number;
  lastRssMiB: number;
}

/** A file of /proc, or '' once the process has gone. */
function proc(pid: number, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}

function cpuSeconds(pid: number): number {
  const stat = proc(pid, 'stat');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime
}

function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(proc(pid, 'status'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** Samples every process once a second from now until `stop()`. */
export function sampleResources<K extends string>(pids: Record<K, number>) {
  const names = Object.keys(pids) as K[];
  const alive = (pid: number) => pid > 0;
  const startCpu = Object.fromEntries(names.map((n) => [n, alive(pids[n]) ? cpuSeconds(pids[n]) : 0])) as Record<
    K,
    number
  >;
  const started = Date.now();
  const peak = Object.fromEntries(names.map((n) => [n, 0])) as Record<K, number>;
  const sample = () => {
    for (const n of names) if (alive(pids[n])) peak[n] = Math.max(peak[n], rssMiB(pids[n]));
  };
  sample();
  const timer = setInterval(sample, 1_000);
  return {
    /** Usage since the sampler started (or since the last mark). */
    read(): Record<K, Usage> {
      sample();
      const seconds = (Date.now() - started) / 1000;
      return Object.fromEntries(
        names.map((n) => [
          n,
          alive(pids[n])
            ? {
                cpuPercent: Math.round(((cpuSeconds(pids[n]) - startCpu[n]) / seconds) * 1000) / 10,
                peakRssMiB: Math.round(peak[n]),
                lastRssMiB: Math.round(rssMiB(pids[n])),
              }
            : { cpuPercent: NaN, peakRssMiB: NaN, lastRssMiB: NaN },
        ]),
      ) as Record<K, Usage>;
    },
    stop: () => clearInterval(timer),
  };
}
