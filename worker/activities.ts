// Every activity set the worker hosts, merged in this one place: the rollout's activities over the Azure ports,
// and the starter scheduled canaries use. A new set goes here.
import type { Client } from '@temporalio/client';
import { azurePorts, createActivities, type AzureClients } from '../activities';
import type { MetricsSettings } from '../activities/metric-samples';
import { createRolloutStarter } from '../activities/rollout-starter';
import { createAuditActivities } from '../activities/audit';
import type { AuditLog } from '../store/audit-log';
import type { NotifyOptions } from '../activities/notify-options';
import type { WindowRuleSource } from '../activities/windows';
import { windowRulesFile } from '../store/window-rules';

export interface WorkerActivityDeps {
  azure: AzureClients;
  client: Client;
  taskQueue: string;
  /** The metrics grain and ingestion lag (worker config METRICS_GRAIN, METRICS_LAG). */
  metrics?: MetricsSettings;
  /** The service-wide audit log in the store directory (worker config ROLLOUT_STORE_DIR). */
  audit: AuditLog;
  /** Channels and subscriptions (the store the API writes), the allowlist, message links. */
  notify?: NotifyOptions;
  /** The store directory shared with the API (worker config ROLLOUT_STORE_DIR): the admin's window rules. */
  storeDir: string;
}

export function workerActivities(deps: WorkerActivityDeps): object {
  const windowRules = storedWindowRules(deps.storeDir);
  const activities = createActivities({
    ports: azurePorts(deps.azure),
    metrics: deps.metrics,
    notify: deps.notify,
    windowRules,
  });
  const { checkPlan, deliverNotification } = activities;
  const audit = createAuditActivities(deps.audit);
  const recordAudit = audit.recordAudit;
  return {
    ...activities,
    ...createRolloutStarter({
      client: deps.client,
      taskQueue: deps.taskQueue,
      checkPlan,
      deliverNotification,
      recordAudit,
      windowRules,
    }),
    ...audit,
  };
}

export function storedWindowRules(storeDir: string): WindowRuleSource {
  const file = windowRulesFile(storeDir);
  return async () => [...(await file.all()).values()];
}
