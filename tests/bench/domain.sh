#!/usr/bin/env bash
# Figures for the sender-domain check over real DNS-over-HTTPS on loopback: for every fixture
# domain (and the DoH tests' transport.test), a full `mailhint domain` through the local
# BIND + dnsdist server (tests/dns/start.sh): DNS queries, rounds of fetching, wall time. With
# checkdmarc installed (`pip install checkdmarc`), the same domains through checkdmarc against the
# same zones over plain DNS (a second BIND on 127.0.0.1:53, which checkdmarc's --nameserver
# needs), for comparison.
#
#   tests/bench/domain.sh            every fixture domain, 5 runs each
#   RUNS=20 tests/bench/domain.sh    more runs
#
# Then what both tools decide about each domain (tests/bench/domain_peer.py, also standalone).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
RUNS=${RUNS:-5}
STATE=${MAILHINT_DNS_STATE:-$ROOT/target/dns}

cargo build --quiet --release -p mailhint-cli
MAILHINT=$ROOT/target/release/mailhint

# Our own server, stopped at the end only if this script started it.
started=0
[ -f "$STATE/dnsdist.pid" ] && kill -0 "$(cat "$STATE/dnsdist.pid")" 2>/dev/null || started=1
URL=$(tests/dns/start.sh 2>/dev/null)
cleanup() {
  if [ "$started" -eq 1 ]; then tests/dns/stop.sh 2>/dev/null; fi
  if [ -n "${PLAIN_STATE:-}" ]; then MAILHINT_DNS_STATE=$PLAIN_STATE tests/dns/stop.sh 2>/dev/null; fi
}
trap cleanup EXIT

# The domains: each fixture's (its `;@ domain`, else <kind>.<code>.test), minus the fixtures
# whose failures are pragmas BIND cannot play.
domains=(transport.test)
while IFS= read -r zone; do
  grep -q '^[[:space:]]*;!' "$zone" && continue
  kind=$(basename "$zone" .zone)
  case "$kind" in trigger | pass) ;; *) continue ;; esac
  code=$(basename "$(dirname "$zone")" | tr '[:upper:]' '[:lower:]')
  named=$(sed -n 's/^[[:space:]]*;@[[:space:]]*domain[[:space:]]\+\([^[:space:]]*\).*/\1/p' "$zone" | head -n 1)
  domains+=("${named:-$kind.$code.test}")
done < <(find crates/mailhint-core/tests/domain-fixtures -name '*.zone' | LC_ALL=C sort)

now_ms() { date +%s%3N; }

printf 'mailhint domain over DoH (%s), %d runs per domain, medians\n\n' "$URL" "$RUNS"
printf '%-44s %8s %7s %9s %9s\n' domain queries rounds "ms(self)" "ms(wall)"
total_wall=0 total_queries=0 n=0
wall_all=()
for domain in "${domains[@]}"; do
  walls=() selfs=() queries=0 rounds=0
  for _ in $(seq "$RUNS"); do
    t0=$(now_ms)
    line=$("$MAILHINT" domain --format json --validating-resolver yes --resolver "$URL" "$domain" 2>&1 >/dev/null | tail -n 1)
    t1=$(now_ms)
    walls+=($((t1 - t0)))
    queries=$(sed -n 's/^mailhint: \([0-9]*\) DNS quer.*/\1/p' <<<"$line")
    rounds=$(sed -n 's/.* in \([0-9]*\) rounds\{0,1\},.*/\1/p' <<<"$line")
    selfs+=("$(sed -n 's/.*, \([0-9]*\) ms.*/\1/p' <<<"$line")")
  done
  wall=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  self=$(printf '%s\n' "${selfs[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-44s %8s %7s %9s %9s\n' "$domain" "$queries" "$rounds" "$self" "$wall"
  total_wall=$((total_wall + wall)) total_queries=$((total_queries + queries)) n=$((n + 1))
  wall_all+=("$wall")
done
printf '\n%d domains: %d queries in all, %d ms of wall time in all (median runs), %d ms per domain on average\n' \
  "$n" "$total_queries" "$total_wall" $((total_wall / (n > 0 ? n : 1)))

# --- checkdmarc's verdicts on the same domains, aspect by aspect (PEER=0 to skip) ---------------
if [ "${PEER:-1}" = 1 ]; then
  printf '\n'
  python3 tests/bench/domain_peer.py --no-build
fi

# --- checkdmarc, for comparison ----------------------------------------------------------------
if ! command -v checkdmarc >/dev/null 2>&1; then
  printf '\ncheckdmarc: not installed (pip install checkdmarc) - no comparison\n'
  exit 0
fi
if ss -ltnu 2>/dev/null | grep -q '127.0.0.1:53 '; then
  printf '\ncheckdmarc: port 53 on 127.0.0.1 is taken - no comparison\n'
  exit 0
fi
PLAIN_STATE=$ROOT/target/dns-plain
MAILHINT_DNS_STATE=$PLAIN_STATE MAILHINT_DNS_PORT=53 MAILHINT_DOH_PORT=8055 MAILHINT_DNSDIST_PORT=5355 \
  tests/dns/start.sh >/dev/null 2>&1
printf '\ncheckdmarc %s over plain DNS at 127.0.0.1:53 (same zones), %d runs per domain, medians\n\n' \
  "$(checkdmarc --version 2>/dev/null | tail -n 1)" "$RUNS"
printf '%-44s %9s\n' domain "ms(wall)"
total=0 n=0
for domain in "${domains[@]}"; do
  walls=()
  for _ in $(seq "$RUNS"); do
    t0=$(now_ms)
    checkdmarc --nameserver 127.0.0.1 --timeout 2 "$domain" >/dev/null 2>&1 || true
    t1=$(now_ms)
    walls+=($((t1 - t0)))
  done
  wall=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-44s %9s\n' "$domain" "$wall"
  total=$((total + wall)) n=$((n + 1))
done
printf '\n%d domains: %d ms of wall time in all (median runs), %d ms per domain on average\n' \
  "$n" "$total" $((total / (n > 0 ? n : 1)))
