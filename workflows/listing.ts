// Keeps the rollout's search attributes (and its traffic, in the memo) in step with its state, so the API lists and
// counts rollouts from visibility. Upserts only when a listed field changes, not on every gate read.
import { CancellationScope, condition, patched, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import { listingOf } from '../domain/search-attributes';
import { LISTING_KEYS } from './messages';
import type { RunState } from './state';

export interface ListingKeeper {
  /** Upserts now if a listed field changed (before the run returns or continues as new). */
  flush(): void;
}

/** Starts the keeper; in runs from before the patch it does nothing, so their histories replay. */
export function keepListing(run: RunState): ListingKeeper {
  if (!patched('listing-attributes')) return { flush() {} };
  let last = { listing: '', traffic: '' };
  const snapshot = () => ({
    listing: JSON.stringify(listingOf(run.status)),
    traffic: JSON.stringify(run.status.traffic),
  });
  const changed = () => {
    const now = snapshot();
    return now.listing !== last.listing || now.traffic !== last.traffic;
  };
  const flush = () => {
    const now = snapshot();
    if (now.listing !== last.listing) upsertSearchAttributes(attributes(run));
    if (now.traffic !== last.traffic) upsertMemo({ traffic: run.status.traffic });
    last = now;
  };
  // Not cancellable: a cancelled rollout rolls back, and the listing must follow that too (a cancelled condition would
  // also be an unhandled rejection, which fails the workflow task for ever).
  void CancellationScope.nonCancellable(async () => {
    for (;;) {
      flush();
      await condition(changed);
    }
  });
  return { flush };
}

function attributes(run: RunState) {
  const listing = listingOf(run.status);
  const k = LISTING_KEYS;
  return [
    { key: k.state, value: listing.state },
    { key: k.endpoint, value: listing.endpoint },
    { key: k.model, value: listing.model },
    { key: k.stage, value: listing.stage ?? null },
    { key: k.verdict, value: listing.verdict ?? null },
    { key: k.rollbackCause, value: listing.rollbackCause ?? null },
    { key: k.paused, value: listing.paused },
    { key: k.updatedAt, value: new Date() },
  ];
}
