#!/bin/sh
# Registers the search attributes the service lists rollouts by (domain/search-attributes.ts; a unit test keeps this list equal to it), once the cluster serves.
# Idempotent: an attribute that already exists with the same type is left as it is.
set -eu
until temporal operator cluster health --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; do sleep 2; done
existing=$(temporal operator search-attribute list --address "$TEMPORAL_ADDRESS")
for pair in RolloutState=Keyword RolloutEndpoint=Keyword RolloutModel=Keyword RolloutStage=Keyword \
  RolloutVerdict=Keyword RolloutRollbackCause=Keyword RolloutPaused=Bool RolloutUpdatedAt=Datetime; do
  name=${pair%%=*}
  type=${pair#*=}
  if ! echo "$existing" | grep -qw "$name"; then
    temporal operator search-attribute create --address "$TEMPORAL_ADDRESS" --name "$name" --type "$type"
  fi
done
