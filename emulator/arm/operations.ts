// The long-running-operation engine: each ARM write starts an operation that finishes after the configured
// provisioning time, then applies its change (or ends Failed). At most one operation per endpoint at a time.
import { randomUUID } from 'node:crypto';

const RETAIN_MS = 60 * 60 * 1000;

export interface OperationError {
  code: string;
  message: string;
}

export interface Operation {
  id: string;
  endpoint: string;
  deployment?: string;
  status: 'InProgress' | 'Succeeded' | 'Failed';
  startTime: string;
  endTime?: string;
  error?: OperationError;
  /** What the Location URL answers once the operation succeeded (a resource body), or nothing. */
  result?: () => unknown;
}

export interface OperationSpec {
  /** Op-id prefix as Azure's: `oe` endpoint, `od` deployment, with suffixes for the verb. */
  prefix: string;
  endpoint: string;
  deployment?: string;
  /** Ends the operation Failed with this error instead of applying it. */
  failure?: OperationError;
  apply: () => void;
  /** Undo of the in-progress marks when the operation fails. */
  rollback: () => void;
  result?: () => unknown;
}

export class Operations {
  private readonly ops = new Map<string, Operation>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly provisioningMs: () => number,
    private readonly settled: () => void,
  ) {}

  start(spec: OperationSpec): Operation {
    this.forgetOld();
    const id = `${spec.prefix}:${randomUUID().replace(/-/g, '')}:${randomUUID().replace(/-/g, '')}`;
    const op: Operation = {
      id,
      endpoint: spec.endpoint,
      deployment: spec.deployment,
      status: 'InProgress',
      startTime: new Date().toISOString(),
      result: spec.result,
    };
    this.ops.set(id, op);
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        this.finish(op, spec);
      },
      Math.max(0, this.provisioningMs()),
    );
    this.timers.add(timer);
    return op;
  }

  get(id: string): Operation | undefined {
    return this.ops.get(id);
  }

  /** The operation in progress on this endpoint or any of its deployments. */
  inFlight(endpoint: string): Operation | undefined {
    for (const op of this.ops.values()) {
      if (op.endpoint === endpoint && op.status === 'InProgress') return op;
    }
    return undefined;
  }

  // Finished operations stay pollable for an hour, as their URLs are handed out; older ones are dropped.
  private forgetOld(now = Date.now()): void {
    for (const [id, op] of this.ops) {
      if (op.endTime && now - Date.parse(op.endTime) > RETAIN_MS) this.ops.delete(id);
    }
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private finish(op: Operation, spec: OperationSpec): void {
    try {
      if (spec.failure) {
        spec.rollback();
        op.status = 'Failed';
        op.error = spec.failure;
      } else {
        spec.apply();
        op.status = 'Succeeded';
      }
    } catch (err) {
      op.status = 'Failed';
      op.error = { code: 'InternalServerError', message: (err as Error).message };
    }
    op.endTime = new Date().toISOString();
    this.settled();
  }
}
