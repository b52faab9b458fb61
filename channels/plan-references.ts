// The plan check's part for notifications: every subscription and channel a plan names exists, and every channel it
// reaches still passes the outbound address check. Problems name the field, as the other plan problems do.
import type { ErrorDetail } from '../domain/errors';
import type { PlanNotifications } from '../domain/notifications';
import { outboundProblems, type Resolve } from './outbound';
import { allowlistEntries, type NotificationStore } from './records';

export async function notificationProblems(
  named: PlanNotifications | undefined,
  store: NotificationStore | undefined,
  configuredAllowlist: readonly string[],
  resolve?: Resolve,
): Promise<ErrorDetail[]> {
  if (!named?.subscriptions?.length && !named?.channels?.length) return [];
  if (!store) {
    return [{ path: 'notifications', rule: 'notifications.store', message: 'this worker has no notification store' }];
  }
  const [subscriptions, channels] = [await store.subscriptions.all(), await store.channels.all()];
  const allowlist = await allowlistEntries(store, configuredAllowlist);
  const problems: ErrorDetail[] = [];
  const reached = new Map<string, string>();
  (named.subscriptions ?? []).forEach((id, i) => {
    const sub = subscriptions.get(id);
    const path = `notifications.subscriptions[${i}]`;
    if (!sub) problems.push({ path, rule: 'subscription.exists', message: `no subscription '${id}'` });
    else reached.set(sub.channel, path);
  });
  (named.channels ?? []).forEach((id, i) => reached.set(id, `notifications.channels[${i}]`));
  for (const [id, path] of reached) {
    const channel = channels.get(id);
    if (!channel) {
      problems.push({ path, rule: 'channel.exists', message: `no channel '${id}'` });
      continue;
    }
    for (const message of await outboundProblems(channel.url, allowlist, resolve)) {
      problems.push({ path, rule: 'channel.address', message: `channel '${id}': ${redactHost(message)}` });
    }
  }
  return problems;
}

/** Plan problems reach whoever submitted the plan: say why, not where the channel points. */
function redactHost(message: string): string {
  return message.replace(/^\S+ (resolves|does not resolve)/, 'its host $1');
}
