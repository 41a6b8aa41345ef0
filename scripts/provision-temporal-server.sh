#!/usr/bin/env bash
# Provisions the production Temporal server (go.temporal.io/server, cmd/server) and its SQL schema
# tool (cmd/tools/sql) at the version pinned in deploy/temporal/versions.env, built from the Go
# module proxy with the Go toolchain pinned there (GOTOOLCHAIN; the proxy serves it). Also copies
# the PostgreSQL schemas (schema/postgresql/v12/{temporal,visibility}) that ship in the module.
#
# Everything is cached outside the repository:
#   ${TEMPORAL_CACHE_DIR:-~/.cache/poverty-exit-engine}/temporal-server-<version>/
#     bin/temporal-server  bin/temporal-sql-tool  schema/postgresql/v12/...
# A server given explicitly (TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH, with
# TEMPORAL_SCHEMA_DIR) is left alone. Idempotent: a second run only prints the paths.
# Prints the paths as KEY=VALUE lines on stdout (progress goes to stderr).
# The build takes about 3 minutes on 2 cores and about 2 GB of memory at its peak.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../deploy/temporal/versions.env
. "$here/../deploy/temporal/versions.env"
CACHE="${TEMPORAL_CACHE_DIR:-$HOME/.cache/poverty-exit-engine}"
DIR="$CACHE/temporal-server-$TEMPORAL_SERVER_VERSION"

log() { echo "[provision-temporal-server] $*" >&2; }

if [ -n "${TEMPORAL_SERVER_PATH:-}" ]; then
  log "Temporal server given by TEMPORAL_SERVER_PATH=$TEMPORAL_SERVER_PATH"
  [ -x "$TEMPORAL_SERVER_PATH" ] || { log "TEMPORAL_SERVER_PATH is not an executable file"; exit 1; }
  [ -n "${TEMPORAL_SQL_TOOL_PATH:-}" ] && [ -x "$TEMPORAL_SQL_TOOL_PATH" ] || { log "TEMPORAL_SQL_TOOL_PATH must name the schema tool too"; exit 1; }
  [ -n "${TEMPORAL_SCHEMA_DIR:-}" ] && [ -d "$TEMPORAL_SCHEMA_DIR/postgresql/v12/temporal" ] || { log "TEMPORAL_SCHEMA_DIR must hold postgresql/v12/temporal"; exit 1; }
  echo "TEMPORAL_SERVER_PATH=$TEMPORAL_SERVER_PATH"
  echo "TEMPORAL_SQL_TOOL_PATH=$TEMPORAL_SQL_TOOL_PATH"
  echo "TEMPORAL_SCHEMA_DIR=$TEMPORAL_SCHEMA_DIR"
  exit 0
fi

mkdir -p "$CACHE"
# one build at a time (two test files, or CI and a developer, may ask at once): the second waits,
# then finds the first one's result
exec 9>"$CACHE/.temporal-server-$TEMPORAL_SERVER_VERSION.lock"
flock 9
if [ ! -f "$DIR/.complete" ]; then
  command -v go >/dev/null 2>&1 || { log "no Go toolchain (apt-get install golang, or /usr/local/go): cannot build the Temporal server"; exit 1; }
  export GOTOOLCHAIN="$TEMPORAL_SERVER_GOTOOLCHAIN"
  export GOFLAGS="${GOFLAGS:-} -buildvcs=false"
  mkdir -p "$CACHE"
  stage="$(mktemp -d "$CACHE/.temporal-server-build.XXXXXX")"
  trap 'rm -rf "$stage"' EXIT
  start=$(date +%s)
  log "building go.temporal.io/server $TEMPORAL_SERVER_VERSION (cmd/server, cmd/tools/sql) with $GOTOOLCHAIN (about 3 minutes on 2 cores)"
  GOBIN="$stage/bin" go install \
    "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION" \
    "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION"
  mod="$(go env GOMODCACHE)/go.temporal.io/server@$TEMPORAL_SERVER_VERSION"
  [ -d "$mod/schema/postgresql/v12/temporal" ] || { log "schemas not found in $mod"; exit 1; }
  mv "$stage/bin/server" "$stage/bin/temporal-server"
  mv "$stage/bin/sql" "$stage/bin/temporal-sql-tool"
  mkdir -p "$stage/schema" "$stage/config"
  cp -R "$mod/schema/postgresql" "$stage/schema/"
  cp "$mod/config/development-postgres12.yaml" "$stage/config/" 2>/dev/null || true
  chmod -R u+w "$stage"
  chmod 755 "$stage"
  echo "$TEMPORAL_SERVER_VERSION $GOTOOLCHAIN built in $(( $(date +%s) - start ))s" > "$stage/.complete"
  rm -rf "$DIR"
  mv "$stage" "$DIR"
  trap - EXIT
  log "built in $(( $(date +%s) - start ))s into $DIR"
else
  log "Temporal server $TEMPORAL_SERVER_VERSION cached at $DIR"
fi

echo "TEMPORAL_SERVER_PATH=$DIR/bin/temporal-server"
echo "TEMPORAL_SQL_TOOL_PATH=$DIR/bin/temporal-sql-tool"
echo "TEMPORAL_SCHEMA_DIR=$DIR/schema"
