// What the notification activities are given: the shared store, the configured allowlist, the links a message
// carries, and the HTTP knobs (bounded timeout and a few quick retries).
import { rootCertificates } from 'node:tls';
import { Agent, type Dispatcher } from 'undici';
import { guardedLookup, type Resolve } from '../channels/outbound';

export interface NotifyOptions {
  timeoutMs?: number;
  attempts?: number;
  backoffMs?: number;
  /** Replaces the guarded agent (tests answer webhooks in memory); the address check still runs first. */
  dispatcher?: Dispatcher;
  /** The store the API keeps channels and subscriptions in; without it no channel is known. */
  storeDir?: string;
  /** Configured allowlist entries (NOTIFY_ALLOWLIST), beside the admin's. */
  allowlist?: string[];
  links?: { dashboardUrl?: string; temporalUiUrl?: string; namespace?: string };
  /** One more trusted CA (a receiver with a private certificate). */
  ca?: string;
  resolve?: Resolve;
}

export type ResolvedNotifyOptions = NotifyOptions &
  Required<Pick<NotifyOptions, 'timeoutMs' | 'attempts' | 'backoffMs'>>;

export function withDefaults(options: NotifyOptions): ResolvedNotifyOptions {
  return { timeoutMs: 5_000, attempts: 3, backoffMs: 200, ...options };
}

/** The dispatcher for one activity call, and how to let it go. */
export function dispatcherFor(options: NotifyOptions, allowlist: readonly string[]) {
  if (options.dispatcher) return { dispatcher: options.dispatcher, close: async () => undefined };
  const agent = new Agent({
    connect: {
      lookup: guardedLookup(allowlist, options.resolve),
      ...(options.ca ? { ca: [...rootCertificates, options.ca] } : {}),
    },
  });
  return { dispatcher: agent, close: () => agent.close() };
}
