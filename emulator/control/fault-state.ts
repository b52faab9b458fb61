// Injected faults of the control plane and the metrics API: throttling, 5xx, 409s, operations that end Failed, slow
// responses, metrics outage and delay. Counted faults are consumed by the requests that match them.
import type { MetricsFaults } from '../data-plane-context';

export interface RequestFilter {
  /** HTTP method to match (any when omitted). */
  method?: string;
  /** Regular expression tested against the request path (any when omitted). */
  path?: string;
  /** The fault lapses this many milliseconds after it is set, used up or not (a transient outage); never when omitted. */
  forMs?: number;
}

export interface ThrottleFault extends RequestFilter {
  /** Answer the next `count` matching calls with 429 (unlimited when omitted and `rate` is set). */
  count?: number;
  /** Probability that a matching call is throttled, 0..1 (1 when omitted). */
  rate?: number;
  /** Seconds in the Retry-After header (1 when omitted); `null` sends no Retry-After at all. */
  retryAfterSeconds?: number | null;
}

/** Responses held back before they are answered (control plane and metrics queries under /subscriptions). */
export interface SlowFault extends RequestFilter {
  delayMs: number;
  /** Delay the next `count` matching calls (unlimited, until cleared, when omitted). */
  count?: number;
  /** Probability that a matching call is delayed, 0..1 (1 when omitted). */
  rate?: number;
}

export interface ServerErrorFault extends RequestFilter {
  count: number;
  /** 500 by default; any 5xx. */
  status?: number;
}

export interface FailOperationFault extends RequestFilter {
  /** Azure error code the operation ends with, e.g. OutOfQuota. */
  code: string;
  message?: string;
  /** How many matching operations fail (1 when omitted). */
  count?: number;
}

/** Azure's 409 while another operation runs on the endpoint ("operation in progress"). */
export interface ConflictFault extends RequestFilter {
  /** Answer the next `count` matching calls with 409 (unlimited, until cleared, when omitted). */
  count?: number;
}

export type ArmFault =
  { kind: 'throttle'; retryAfterSeconds?: number } | { kind: 'server-error'; status: number } | { kind: 'conflict' };

interface Counted<T> {
  fault: T;
  remaining: number;
  /** Epoch ms after which the fault no longer applies. */
  until?: number;
}

export class FaultState {
  private throttles: Counted<ThrottleFault>[] = [];
  private serverErrors: Counted<ServerErrorFault>[] = [];
  private failures: Counted<FailOperationFault>[] = [];
  private conflicts: Counted<ConflictFault>[] = [];
  private slows: Counted<SlowFault>[] = [];
  metrics: MetricsFaults = { outage: false, delayMs: 0 };

  constructor(private readonly random: () => number) {}

  throttle(fault: ThrottleFault): void {
    checkFilter(fault);
    this.throttles.push({ fault, remaining: fault.count ?? Infinity, until: lapse(fault) });
  }

  serverError(fault: ServerErrorFault): void {
    checkFilter(fault);
    const status = fault.status ?? 500;
    if (!Number.isInteger(status) || status < 500 || status > 599) throw new Error('status: must be a 5xx code');
    this.serverErrors.push({ fault: { ...fault, status }, remaining: fault.count, until: lapse(fault) });
  }

  conflict(fault: ConflictFault): void {
    checkFilter(fault);
    this.conflicts.push({ fault, remaining: fault.count ?? Infinity, until: lapse(fault) });
  }

  slow(fault: SlowFault): void {
    checkFilter(fault);
    if (!Number.isFinite(fault.delayMs) || fault.delayMs < 0) throw new Error('delayMs: must be a number >= 0');
    this.slows.push({ fault, remaining: fault.count ?? Infinity, until: lapse(fault) });
  }

  failOperation(fault: FailOperationFault): void {
    checkFilter(fault);
    if (!fault.code) throw new Error('code: required (an Azure error code such as OutOfQuota)');
    this.failures.push({ fault, remaining: fault.count ?? 1, until: lapse(fault) });
  }

  /** The fault a control-plane call meets, if any (consumes one count). */
  armFault(method: string, path: string): ArmFault | undefined {
    const throttle = take(this.throttles, method, path, (f) => this.random() < (f.rate ?? 1));
    if (throttle) {
      const seconds = throttle.retryAfterSeconds === undefined ? 1 : throttle.retryAfterSeconds;
      return seconds === null ? { kind: 'throttle' } : { kind: 'throttle', retryAfterSeconds: seconds };
    }
    const error = take(this.serverErrors, method, path, () => true);
    if (error) return { kind: 'server-error', status: error.status ?? 500 };
    return take(this.conflicts, method, path, () => true) ? { kind: 'conflict' } : undefined;
  }

  /** How long to hold this call's response back (consumes one count); 0 when no slow fault matches. */
  responseDelayMs(method: string, path: string): number {
    return take(this.slows, method, path, (f) => this.random() < (f.rate ?? 1))?.delayMs ?? 0;
  }

  /** The failure the operation started by this call must end with, if any (consumes one count). */
  operationFailure(method: string, path: string): FailOperationFault | undefined {
    return take(this.failures, method, path, () => true);
  }

  clear(): void {
    this.throttles = [];
    this.serverErrors = [];
    this.failures = [];
    this.conflicts = [];
    this.slows = [];
    this.metrics = { outage: false, delayMs: 0 };
  }

  describe() {
    const list = <T>(items: Counted<T>[]) => items.map((c) => ({ ...c.fault, remaining: c.remaining }));
    return {
      throttles: list(this.throttles),
      serverErrors: list(this.serverErrors),
      operationFailures: list(this.failures),
      conflicts: list(this.conflicts),
      slowResponses: list(this.slows),
      metrics: { ...this.metrics },
    };
  }
}

function take<T extends RequestFilter>(
  items: Counted<T>[],
  method: string,
  path: string,
  fires: (fault: T) => boolean,
): T | undefined {
  const now = Date.now();
  for (let i = items.length - 1; i >= 0; i--) if ((items[i].until ?? Infinity) <= now) items.splice(i, 1);
  const index = items.findIndex((c) => matches(c.fault, method, path) && fires(c.fault));
  if (index < 0) return undefined;
  const found = items[index];
  found.remaining -= 1;
  if (found.remaining <= 0) items.splice(index, 1);
  return found.fault;
}

function matches(filter: RequestFilter, method: string, path: string): boolean {
  if (filter.method && filter.method.toUpperCase() !== method.toUpperCase()) return false;
  return !filter.path || new RegExp(filter.path, 'i').test(path);
}

function lapse(filter: RequestFilter): number | undefined {
  return filter.forMs === undefined ? undefined : Date.now() + filter.forMs;
}

function checkFilter(filter: RequestFilter): void {
  if (filter.forMs !== undefined && !(Number.isFinite(filter.forMs) && filter.forMs > 0))
    throw new Error('forMs: must be a number of milliseconds > 0');
  if (filter.path === undefined) return;
  try {
    new RegExp(filter.path);
  } catch {
    throw new Error(`path: not a valid regular expression: ${filter.path}`);
  }
}
