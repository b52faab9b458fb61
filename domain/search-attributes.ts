// The rollout's search attributes: the closed list the workflow upserts as its state changes and the API lists and
// counts by (no query per workflow). Each must be registered on the namespace with its type before the service runs.
import type { RolloutStatus } from './status';

/** Attribute name and its Temporal type, by the listing field it holds. */
export const LISTING_ATTRIBUTES = {
  state: { name: 'RolloutState', type: 'Keyword' },
  endpoint: { name: 'RolloutEndpoint', type: 'Keyword' },
  model: { name: 'RolloutModel', type: 'Keyword' },
  stage: { name: 'RolloutStage', type: 'Keyword' },
  verdict: { name: 'RolloutVerdict', type: 'Keyword' },
  rollbackCause: { name: 'RolloutRollbackCause', type: 'Keyword' },
  paused: { name: 'RolloutPaused', type: 'Bool' },
  updatedAt: { name: 'RolloutUpdatedAt', type: 'Datetime' },
} as const;

export type ListingField = keyof typeof LISTING_ATTRIBUTES;
export type AttributeType = (typeof LISTING_ATTRIBUTES)[ListingField]['type'];

export const ROLLBACK_CAUSES = ['alert', 'gate', 'manual'] as const;
export type RollbackCause = (typeof ROLLBACK_CAUSES)[number];

/** What a list row and the gauges need of a rollout; the attributes hold it, the traffic rides in the memo. */
export interface RolloutListing {
  state: string;
  endpoint: string;
  model: string;
  stage?: string;
  /** The last gate's verdict kind. */
  verdict?: string;
  rollbackCause?: RollbackCause;
  paused: boolean;
  /** When the listed fields last changed. */
  updatedAt: string;
}

/** alert:* → alert, system* → gate (the workflow decided), anyone else → manual. */
export function rollbackCause(actor: string): RollbackCause {
  if (actor.startsWith('alert:')) return 'alert';
  if (actor === 'system' || actor.startsWith('system:')) return 'gate';
  return 'manual';
}

export function listingOf(status: RolloutStatus): Omit<RolloutListing, 'updatedAt'> {
  const verdict = status.gates[status.gates.length - 1]?.verdict.kind;
  return {
    state: status.state,
    endpoint: status.target.endpoint,
    model: status.model,
    paused: status.paused,
    ...(status.stage !== undefined ? { stage: status.stage } : {}),
    ...(verdict !== undefined ? { verdict } : {}),
    ...(status.rollback ? { rollbackCause: rollbackCause(status.rollback.actor) } : {}),
  };
}

/** Temporal's IndexedValueType enum by number, as operatorService.listSearchAttributes reports a type. */
const INDEXED_VALUE_TYPES = ['Unspecified', 'Text', 'Keyword', 'Int', 'Double', 'Bool', 'Datetime', 'KeywordList'];

/** Each required attribute that `registered` (name → type, by name or enum number) lacks or holds with another type. */
export function missingAttributes(
  registered: Record<string, string | number>,
): { name: string; type: AttributeType }[] {
  const normal = (type: string | number) =>
    (typeof type === 'number' ? (INDEXED_VALUE_TYPES[type] ?? String(type)) : type)
      .replace(/^INDEXED_VALUE_TYPE_/, '')
      .replace(/_/g, '')
      .toLowerCase();
  return Object.values(LISTING_ATTRIBUTES).filter(
    ({ name, type }) => registered[name] === undefined || normal(registered[name]) !== normal(type),
  );
}

/** The error a process gives at start when the namespace lacks attributes: what is missing and how to register it. */
export function missingAttributesMessage(namespace: string, missing: { name: string; type: AttributeType }[]): string {
  const types = [...new Set(missing.map((m) => m.type))];
  const commands = types.map(
    (type) =>
      `temporal operator search-attribute create --namespace ${namespace} ` +
      missing
        .filter((m) => m.type === type)
        .map((m) => `--name ${m.name}`)
        .join(' ') +
      ` --type ${type}`,
  );
  const list = missing.map((m) => `${m.name} (${m.type})`).join(', ');
  return `Temporal namespace ${namespace} lacks the search attributes ${list}; register them:\n  ${commands.join('\n  ')}`;
}

/** Throws, naming what to register, unless every attribute is registered with its type. */
export function assertAttributesRegistered(namespace: string, registered: Record<string, string | number>): void {
  const missing = missingAttributes(registered);
  if (missing.length > 0) throw new Error(missingAttributesMessage(namespace, missing));
}

/** The dev server's flags that register every attribute (`temporal server start-dev --search-attribute N=T`). */
export function devServerAttributeFlags(): string[] {
  return Object.values(LISTING_ATTRIBUTES).flatMap(({ name, type }) => ['--search-attribute', `${name}=${type}`]);
}
