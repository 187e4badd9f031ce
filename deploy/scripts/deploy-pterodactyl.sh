#!/usr/bin/env bash
# Deploys one image tag to a Pterodactyl server and rolls back if it does not come up healthy.
#
#   PANEL_URL          https://panel.example.com
#   PTERODACTYL_KEY    client API key (sent as a bearer token, never printed)
#   SERVER_ID          the server's short id
#   IMAGE_TAG          the tag to deploy (the commit SHA)
#   HEALTH_URL         the bot's readiness endpoint, e.g. https://bot.example.com/health
#   TAG_VARIABLE       startup variable holding the tag (default IMAGE_TAG)
#   HEALTH_INTERVAL    seconds between health checks (default 5)
#   HEALTH_TIMEOUT     seconds to wait for health (default 60)
#
# Exit codes: 0 deployed and healthy; 1 unhealthy, rolled back to the previous tag which is healthy;
# 2 unhealthy and the rollback is unhealthy too; 3 the panel refused a call.
set -euo pipefail
shopt -s inherit_errexit   # a failed panel call inside $(...) must stop the script too

: "${PANEL_URL:?}" "${PTERODACTYL_KEY:?}" "${SERVER_ID:?}" "${IMAGE_TAG:?}" "${HEALTH_URL:?}"
TAG_VARIABLE=${TAG_VARIABLE:-IMAGE_TAG}
HEALTH_INTERVAL=${HEALTH_INTERVAL:-5}
HEALTH_TIMEOUT=${HEALTH_TIMEOUT:-60}
server="$PANEL_URL/api/client/servers/$SERVER_ID"

log() { printf '[deploy] %s\n' "$*" >&2; }

# One panel call; the key travels in a header read from stdin so it never shows in `ps`.
panel() {
  local method=$1 path=$2 body=${3:-}
  local args=(-sS --fail-with-body -X "$method" -H "Accept: application/json" -H "Content-Type: application/json" -H @-)
  [ -n "$body" ] && args+=(--data "$body")
  if ! printf 'Authorization: Bearer %s\n' "$PTERODACTYL_KEY" | curl "${args[@]}" "$server$path"; then
    log "panel refused $method $path"
    exit 3
  fi
}

current_tag() {
  local startup
  startup=$(panel GET /startup)   # not piped: a refused call must end the script with its own code
  jq -r --arg key "$TAG_VARIABLE" <<<"$startup" \
    '.data[] | select(.attributes.env_variable == $key) | .attributes.server_value // empty'
}

set_tag_and_restart() {
  panel PUT /startup/variable "$(jq -cn --arg key "$TAG_VARIABLE" --arg value "$1" '{key: $key, value: $value}')" >/dev/null
  panel POST /power '{"signal":"restart"}' >/dev/null
}

wait_healthy() {
  local deadline=$(( $(date +%s) + HEALTH_TIMEOUT ))
  while :; do
    if curl -sf -o /dev/null --max-time 5 "$HEALTH_URL"; then return 0; fi
    if [ "$(date +%s)" -ge "$deadline" ]; then return 1; fi
    sleep "$HEALTH_INTERVAL"
  done
}

previous=$(current_tag)
log "deploying $IMAGE_TAG (running: ${previous:-unknown})"
set_tag_and_restart "$IMAGE_TAG"
if wait_healthy; then
  log "healthy on $IMAGE_TAG"
  exit 0
fi

log "HEALTH CHECK FAILED for $IMAGE_TAG after ${HEALTH_TIMEOUT}s"
if [ -z "$previous" ] || [ "$previous" = "$IMAGE_TAG" ]; then
  log "no previous tag to roll back to"
  exit 2
fi
log "rolling back to $previous"
set_tag_and_restart "$previous"
if wait_healthy; then
  log "rolled back: healthy on $previous"
  exit 1
fi
log "rollback to $previous is unhealthy too"
exit 2
