// Azure Monitor common alert schema → the online endpoints it targets (alert target ids are often lower-cased, so
// matching with rollout ids is case-insensitive).
import type { CommonAlert } from './contract';

const ENDPOINT_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)\/onlineEndpoints\/([^/]+)(?:\/deployments\/[^/]+)?\/?$/i;

/** `rollout:sub/rg/ws/endpoint` of every online endpoint (or deployment of one) the alert targets, lower-cased. */
export function alertedRolloutIds(alert: CommonAlert): string[] {
  const ids = alert.data.essentials.alertTargetIDs.flatMap((target) => {
    const match = ENDPOINT_ID.exec(target.trim());
    return match ? [`rollout:${match[1]}/${match[2]}/${match[3]}/${match[4]}`.toLowerCase()] : [];
  });
  return [...new Set(ids)];
}

export function alertReason(alert: CommonAlert): string {
  const e = alert.data.essentials;
  const severity = e.severity ? ` (${e.severity})` : '';
  const description = e.description ? `: ${e.description}` : '';
  return `Azure Monitor alert '${e.alertRule}' fired${severity}${description}`.slice(0, 1000);
}
