// Rollouts listed and counted from visibility, by the search attributes the workflow upserts: a list is pages of
// visibility rows and each gauge a count, whatever the number of rollouts (never a query per workflow).
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { LISTING_ATTRIBUTES, ROLLBACK_CAUSES, type RolloutListing } from '../domain/search-attributes';
import { ROLLOUT_STATES } from '../domain/status';
import { VERDICT_KINDS } from '../domain/verdict';
import { ROLLOUT_WORKFLOW } from '../domain/workflow-types';
import { LISTING_KEYS } from '../workflows/messages';

export interface ListFilter {
  state?: string;
  /** Any workspace's endpoint of this name (by its attribute). */
  endpoint?: string;
  /** One endpoint's rollouts by their workflow id (found even in runs from before the attributes). */
  workflowId?: string;
  paused?: boolean;
}

/** A visibility row's listing: absent in runs from before the attributes, or before their first upsert. */
export type ListedRollout = RolloutListing & { traffic?: Record<string, number> };

export interface RolloutCounts {
  byState: Record<string, number>;
  verdicts: Record<string, number>;
  rollbacksByCause: Record<string, number>;
}

/** A string literal of the visibility query language. */
export const quote = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function listingQuery(filter: ListFilter = {}): string {
  const { state, endpoint, paused } = LISTING_ATTRIBUTES;
  const parts = [`WorkflowType = ${quote(ROLLOUT_WORKFLOW)}`];
  if (filter.workflowId) parts.push(`WorkflowId = ${quote(filter.workflowId)}`);
  else if (filter.endpoint) parts.push(`${endpoint.name} = ${quote(filter.endpoint)}`);
  if (filter.state) parts.push(`${state.name} = ${quote(filter.state)}`);
  if (filter.paused !== undefined) parts.push(`${paused.name} = ${filter.paused}`);
  return parts.join(' AND ');
}

export function listedRollout(info: Pick<WorkflowExecutionInfo, 'typedSearchAttributes' | 'memo'>) {
  const attributes = info.typedSearchAttributes;
  const get = <F extends keyof typeof LISTING_KEYS>(field: F) => attributes?.get(LISTING_KEYS[field]);
  const state = get('state');
  if (state === undefined) return undefined;
  const traffic = info.memo?.traffic as Record<string, number> | undefined;
  const optional = { stage: get('stage'), verdict: get('verdict'), rollbackCause: get('rollbackCause'), traffic };
  return {
    state,
    endpoint: get('endpoint') ?? '',
    model: get('model') ?? '',
    paused: get('paused') ?? false,
    updatedAt: get('updatedAt')?.toISOString() ?? '',
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  } as ListedRollout;
}

/** The gauges' counts: one count per state, verdict kind and rollback cause. */
export async function countRollouts(count: (query: string) => Promise<number>): Promise<RolloutCounts> {
  const by = async (field: 'state' | 'verdict' | 'rollbackCause', values: readonly string[]) => {
    const base = listingQuery();
    const name = LISTING_ATTRIBUTES[field].name;
    const counts = await Promise.all(values.map((v) => count(`${base} AND ${name} = ${quote(v)}`)));
    return Object.fromEntries(values.map((v, i) => [v, counts[i]]));
  };
  const [byState, verdicts, rollbacksByCause] = await Promise.all([
    by('state', ROLLOUT_STATES),
    by('verdict', VERDICT_KINDS),
    by('rollbackCause', ROLLBACK_CAUSES),
  ]);
  return { byState, verdicts, rollbacksByCause };
}
