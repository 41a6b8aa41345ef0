#!/usr/bin/env bash
# Provisions the two Temporal servers this project runs on when the SDK's own download is not
# possible (no internet, only package registries):
#   - the Temporal CLI (dev server), built from its Go module;
#   - the time-skipping test server, assembled from Maven Central's io.temporal:temporal-test-server
#     jars behind a wrapper that the SDK calls as `<exe> <port>`.
# Both are cached outside the repository (TEMPORAL_CACHE_DIR, default ~/.cache/poverty-exit-engine)
# and reused. A server given explicitly (TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH) or found on
# PATH is left alone. Idempotent: a second run does nothing.
set -euo pipefail

CACHE="${TEMPORAL_CACHE_DIR:-$HOME/.cache/poverty-exit-engine}"
CLI_VERSION="v1.5.1"          # later tags carry a replace directive and cannot be `go install`ed
TEST_SERVER_VERSION="1.38.0"  # io.temporal:temporal-test-server on Maven Central
mkdir -p "$CACHE/bin"

log() { echo "[provision-temporal] $*" >&2; }

# --- Temporal CLI (dev server) -------------------------------------------------------------------
if [ -n "${TEMPORAL_CLI_PATH:-}" ]; then
  log "Temporal CLI given by TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH"
elif [ -x "$CACHE/bin/temporal" ]; then
  log "Temporal CLI cached at $CACHE/bin/temporal"
elif command -v temporal >/dev/null 2>&1; then
  log "Temporal CLI on PATH: $(command -v temporal)"
elif command -v go >/dev/null 2>&1; then
  log "building Temporal CLI $CLI_VERSION with go install (a few minutes on 2 cores)"
  GOBIN="$CACHE/bin" GOFLAGS=-mod=mod go install "github.com/temporalio/cli/cmd/temporal@$CLI_VERSION"
  log "built $CACHE/bin/temporal"
else
  log "no Go toolchain: the SDK will try its own download of the Temporal CLI"
fi

# --- Time-skipping test server -------------------------------------------------------------------
TS_DIR="$CACHE/temporal-test-server-$TEST_SERVER_VERSION"
if [ -n "${TEMPORAL_TEST_SERVER_PATH:-}" ]; then
  log "test server given by TEMPORAL_TEST_SERVER_PATH=$TEMPORAL_TEST_SERVER_PATH"
elif [ -x "$TS_DIR/temporal-test-server" ]; then
  log "test server cached at $TS_DIR/temporal-test-server"
elif command -v temporal-test-server >/dev/null 2>&1; then
  log "test server on PATH: $(command -v temporal-test-server)"
elif command -v mvn >/dev/null 2>&1 && command -v java >/dev/null 2>&1; then
  log "assembling temporal-test-server $TEST_SERVER_VERSION from Maven Central"
  mkdir -p "$TS_DIR"
  cat > "$TS_DIR/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.provision</groupId>
  <artifactId>temporal-test-server-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>$TEST_SERVER_VERSION</version>
    </dependency>
  </dependencies>
</project>
POM
  (cd "$TS_DIR" && mvn -q -B dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=lib)
  # Class-data sharing: record the classes a start loads once, so later JVM starts stay well inside
  # the 5 seconds the SDK allows the server to accept connections.
  cat > "$TS_DIR/temporal-test-server" <<'WRAP'
#!/usr/bin/env bash
# Called by @temporalio/testing as `<exe> <port>`; the SDK manages time skipping itself.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cds=()
if [ -f "$here/app.jsa" ]; then cds=(-XX:SharedArchiveFile="$here/app.jsa" -Xshare:auto); fi
exec java "${cds[@]}" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k \
  -cp "$here/lib/*" io.temporal.testserver.TestServer "$@"
WRAP
  chmod +x "$TS_DIR/temporal-test-server"
  port=$(( 20000 + RANDOM % 20000 ))
  java -XX:ArchiveClassesAtExit="$TS_DIR/app.jsa" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -cp "$TS_DIR/lib/*" io.temporal.testserver.TestServer "$port" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    sleep 0.5
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -f "$TS_DIR/app.jsa" ]; then log "class-data archive written"; else log "no class-data archive (starts slower)"; fi
  log "test server ready at $TS_DIR/temporal-test-server"
else
  log "no Maven/Java: the SDK will try its own download of the test server"
fi
