#!/usr/bin/env bash
# Installs FerretDB v1.24.2 (if missing) and starts it in the background on 127.0.0.1:27017,
# idempotently: does nothing when something already answers on the port. Used by .ci/run and by
# developers before `npx vitest run test/adapters`. See docs/ferretdb.md.
#   FERRETDB_HANDLER=sqlite (default: fastest on the small data of tests; scans collections)
#   FERRETDB_HANDLER=postgresql FERRETDB_POSTGRESQL_URL=postgres://127.0.0.1:5432/test (for benchmarks)
set -euo pipefail

VERSION=v1.24.2
HOST=${FERRETDB_HOST:-127.0.0.1}
PORT=${FERRETDB_PORT:-27017}
STATE=${FERRETDB_DIR:-/tmp/ferretdb}
BUILD=${FERRETDB_BUILD_DIR:-$HOME/.cache/cityfleet-ferretdb}
HANDLER=${FERRETDB_HANDLER:-sqlite}
PG_URL=${FERRETDB_POSTGRESQL_URL:-postgres://127.0.0.1:5432/test}
BIN=${FERRETDB_BIN:-$(go env GOPATH)/bin/ferretdb}

answers() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }
works() { [ -x "$BIN" ] && "$BIN" --version >/dev/null 2>&1; }

if answers; then
  echo "ferretdb: something already listens on $HOST:$PORT"
  exit 0
fi

if ! works; then
  echo "ferretdb: building $VERSION into $BIN (first time takes a few minutes)"
  command -v go >/dev/null || { echo "ferretdb: Go is needed to build FerretDB" >&2; exit 1; }
  mkdir -p "$BUILD"
  cd "$BUILD"
  [ -f go.mod ] || go mod init ferretdb-tool >/dev/null 2>&1
  go get -tool "github.com/FerretDB/FerretDB/cmd/ferretdb@$VERSION" >/dev/null 2>&1
  # A module-cache build lacks the generated build/version/version.txt and panics at start, so
  # build from a copy of the module source that has it (a replace directive points there).
  SRC="$(go list -m -f '{{.Dir}}' github.com/FerretDB/FerretDB)"
  if [ ! -f src/build/version/version.txt ]; then
    rm -rf src && cp -r "$SRC" src && chmod -R u+w src
    echo "$VERSION" > src/build/version/version.txt
  fi
  go mod edit -replace github.com/FerretDB/FerretDB=./src
  mkdir -p "$(dirname "$BIN")"
  GOBIN="$(cd "$(dirname "$BIN")" && pwd)" go install github.com/FerretDB/FerretDB/cmd/ferretdb
  works || { echo "ferretdb: built binary does not start: $("$BIN" --version 2>&1 | head -3)" >&2; exit 1; }
fi

mkdir -p "$STATE/data"
case "$HANDLER" in
  sqlite) BACKEND=(--handler=sqlite --sqlite-url="file:$STATE/data/"); WHERE="SQLite files in $STATE/data" ;;
  postgresql) BACKEND=(--handler=postgresql --postgresql-url="$PG_URL"); WHERE="PostgreSQL $PG_URL" ;;
  *) echo "ferretdb: FERRETDB_HANDLER must be sqlite or postgresql, got '$HANDLER'" >&2; exit 1 ;;
esac
echo "ferretdb: starting on $HOST:$PORT ($WHERE, log $STATE/ferretdb.log)"
nohup "$BIN" "${BACKEND[@]}" --listen-addr="$HOST:$PORT" \
  --telemetry=disable --log-level=warn --debug-addr=- --state-dir="$STATE" >"$STATE/ferretdb.log" 2>&1 &
echo $! > "$STATE/ferretdb.pid"

for _ in $(seq 1 100); do
  if answers; then echo "ferretdb: ready (pid $(cat "$STATE/ferretdb.pid"))"; exit 0; fi
  if ! kill -0 "$(cat "$STATE/ferretdb.pid")" 2>/dev/null; then
    echo "ferretdb: exited at start:" >&2; tail -20 "$STATE/ferretdb.log" >&2; exit 1
  fi
  sleep 0.1
done
echo "ferretdb: no answer on $HOST:$PORT after 10 s" >&2
tail -20 "$STATE/ferretdb.log" >&2
exit 1
