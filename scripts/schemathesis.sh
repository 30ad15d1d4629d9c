#!/usr/bin/env bash
# Schemathesis (pinned, from PyPI) against a live seeded server: every operation of the served
# OpenAPI document is exercised with generated requests, and the run fails on any 5xx or any
# conformance failure (status codes, content types, response headers and schemas). It also
# fails when it exercised too little (fewer operations than the document has, or no cases),
# so it cannot pass vacuously.
#
#   scripts/schemathesis.sh                 # uses target/debug/dutydesk (built by cargo test)
#   DUTYDESK_BIN=target/release/dutydesk MAX_EXAMPLES=50 scripts/schemathesis.sh
#
# Needs python3 with venv and pip; schemathesis is installed into target/schemathesis-venv once.
set -euo pipefail
cd "$(dirname "$0")/.."

ST_VERSION=4.32.5
BIN=${DUTYDESK_BIN:-target/debug/dutydesk}
MAX_EXAMPLES=${MAX_EXAMPLES:-15}
# The whole run is cut off after this many seconds (a failure).
TIME_LIMIT=${TIME_LIMIT:-360}
VENV=${SCHEMATHESIS_VENV:-target/schemathesis-venv}

[ -x "$BIN" ] || { echo "no dutydesk binary at $BIN: run cargo build (or cargo test) first" >&2; exit 1; }
# st ARGS…: schemathesis from the venv, or from a plain pip --target folder where python3 has
# no venv module (a bare python3 + pip machine).
st() {
  if [ -x "$VENV/bin/st" ]; then
    "$VENV/bin/st" "$@"
  else
    PYTHONPATH="$VENV/site${PYTHONPATH:+:$PYTHONPATH}" python3 -c \
      'import sys; from schemathesis.cli import schemathesis; sys.argv[0] = "st"; sys.exit(schemathesis())' "$@"
  fi
}
if ! st --version 2>/dev/null | grep -q "$ST_VERSION"; then
  echo "installing schemathesis $ST_VERSION into $VENV"
  rm -rf "$VENV"
  if python3 -m venv "$VENV" 2>/dev/null; then
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$ST_VERSION"
  else
    rm -rf "$VENV"
    python3 -m pip install --quiet --disable-pip-version-check --target "$VENV/site" "schemathesis==$ST_VERSION"
  fi
  st --version
fi

work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# A small preset, and no rate limits: the run sends far more than a console would.
cat > "$work/config.toml" <<TOML
[server.rate_limits]
viewer = 0
dispatcher = 0
officer = 0
admin = 0
failed_auth = 0
TOML
db="$work/st.db"
"$BIN" --config "$work/config.toml" seed --preset loudi --db "$db" >/dev/null
token=$("$BIN" --config "$work/config.toml" token create --db "$db" --role admin --name schemathesis | tail -n1)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BIN" --config "$work/config.toml" serve --db "$db" --listen "127.0.0.1:$port" 2>"$work/server.log" &
server_pid=$!
base="http://127.0.0.1:$port"
ready() { python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1] + "/readyz", timeout=5)' "$base" 2>/dev/null; }
for _ in $(seq 1 150); do
  ready && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.2
done
ready || { echo "the server did not become ready" >&2; cat "$work/server.log" >&2; exit 1; }

status=0
export SCHEMATHESIS_HOOKS=scripts.schemathesis_hooks PYTHONPATH=.
export -f st
export VENV
timeout "$TIME_LIMIT" bash -c 'st "$@"' st run "$base/api/v1/openapi.json" \
  --url "$base" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
  --max-examples "$MAX_EXAMPLES" \
  --request-timeout 45 \
  --seed 1 \
  --no-color \
  --report junit --report-dir "$work/report" 2>&1 | tee "$work/st.out" || status=$?

# Not vacuous: every operation of the document ran cases.
# (The document's own URL is the schema schemathesis reads, not an operation it tests.)
python3 - "$work/report" "$base/api/v1/openapi.json" "$work/st.out" <<'PY' || status=1
import glob, json, re, sys, urllib.request, xml.etree.ElementTree as ET
doc = json.load(urllib.request.urlopen(sys.argv[2]))
operations = sum(1 for path, item in doc["paths"].items() for m in item
                 if m in ("get", "put", "post", "delete", "patch") and path != "/api/v1/openapi.json")
generated = re.search(r"(\d+) generated", open(sys.argv[3]).read())
generated = int(generated.group(1)) if generated else 0
cases = [c for f in glob.glob(sys.argv[1] + "/*.xml") for c in ET.parse(f).getroot().iter("testcase")]
failed = [c.get("name") for c in cases if c.find("failure") is not None or c.find("error") is not None]
tested = {c.get("name") for c in cases} - {"Stateful tests"}
print(f"schemathesis: {len(tested)} operations tested of {operations} documented, {generated} cases; {len(failed)} failed")
if len(tested) < operations:
    sys.exit(f"only {len(tested)} of {operations} operations were exercised: {sorted(tested)}")
if generated < 5 * operations:
    sys.exit(f"only {generated} cases for {operations} operations: too few to mean anything")
if failed:
    sys.exit("failed: " + ", ".join(failed))
PY
if [ "$status" != 0 ]; then
  echo "--- server log (last 40 lines)"; tail -n 40 "$work/server.log"
fi
exit "$status"
