#!/usr/bin/env bash
# Stops the test DNS servers that tests/dns/start.sh started, by the PIDs it wrote (never by
# name: other worktrees may run their own). Idempotent.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE=${MAILHINT_DNS_STATE:-$ROOT/target/dns}

for name in dnsdist dnsdist-delay named; do
  pidfile="$STATE/$name.pid"
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    printf 'tests/dns: stopped %s (pid %s)\n' "$name" "$pid" >&2
  fi
  rm -f "$pidfile"
done
rm -f "$STATE/fingerprint"
