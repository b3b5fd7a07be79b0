#!/usr/bin/env bash
# List checker throughput: `mailhint list` over 100,000 addresses at 10,000 distinct domains
# (tests/list/generate.py: MX, null MX, no MX with an address, no MX and no address, NXDOMAIN)
# against the real BIND + dnsdist DoH server on loopback with 20 ms added to every answer
# (tests/dns/start.sh with MAILHINT_DNS_DELAY_MS). Prints addresses/s, domains/s, DNS queries,
# wall time and peak RSS (/usr/bin/time -v), for the default concurrency and for 8 (the domain
# check's), and the wall time a perfect client would need at that concurrency (queries × delay /
# concurrency) for scale. With email-validator installed (`pip install email-validator`), its
# deliverability check (dnspython, plain DNS, one address at a time) runs over a sample against
# the same delayed server, and the two rates are compared. Asserts nothing.
#
#   tests/bench/list.sh                       100,000 addresses, 10,000 domains
#   DOMAINS=2000 ADDRESSES=20000 tests/bench/list.sh
#
# Ports: MAILHINT_LIST_DNS_PORT (25353; +1 dnsdist, +2 the delaying dnsdist), MAILHINT_LIST_DOH_PORT
# (28054). Both below the ephemeral range (32768 and up), where a client socket may hold a port.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
DOMAINS=${DOMAINS:-10000}
ADDRESSES=${ADDRESSES:-100000}
DELAY_MS=${DELAY_MS:-20}
PEER_SAMPLE=${PEER_SAMPLE:-300}
DNS_PORT=${MAILHINT_LIST_DNS_PORT:-25353}
DOH_PORT=${MAILHINT_LIST_DOH_PORT:-28054}

cargo build --quiet --release -p mailhint-cli
MAILHINT=$ROOT/target/release/mailhint
WORK=$(mktemp -d)
export MAILHINT_DNS_STATE=$WORK/dns MAILHINT_DNS_PORT=$DNS_PORT MAILHINT_DNSDIST_PORT=$((DNS_PORT + 1))
export MAILHINT_DNS_DELAY_PORT=$((DNS_PORT + 2)) MAILHINT_DOH_PORT=$DOH_PORT MAILHINT_DNS_DELAY_MS=$DELAY_MS
cleanup() { tests/dns/stop.sh 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

python3 tests/list/generate.py "$DOMAINS" "$ADDRESSES" "$WORK"
URL=$(tests/dns/start.sh "$WORK/list.zone" 2>/dev/null)

printf 'mailhint list: %d addresses, %d domains, DoH at %s with %d ms added per answer\n\n' \
  "$ADDRESSES" "$DOMAINS" "$URL" "$DELAY_MS"
printf '%-12s %9s %11s %10s %9s %10s %12s\n' concurrency "wall s" "addresses/s" "domains/s" queries "RSS MB" "ideal wall s"
for conc in 32 8; do
  /usr/bin/time -v -o "$WORK/time.txt" "$MAILHINT" list --resolver "$URL" --concurrency "$conc" \
    --format csv "$WORK/list.csv" >"$WORK/out.csv" 2>"$WORK/err.txt"
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$WORK/time.txt" |
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/time.txt")
  queries=$(sed -n 's/^mailhint: \([0-9]*\) DNS quer.*/\1/p' "$WORK/err.txt")
  rows=$(($(wc -l <"$WORK/out.csv") - 1))
  [ "$rows" -eq "$ADDRESSES" ] || { echo "expected $ADDRESSES rows, got $rows" >&2; cat "$WORK/err.txt" >&2; exit 1; }
  awk -v c="$conc" -v w="$wall" -v a="$ADDRESSES" -v d="$DOMAINS" -v q="$queries" -v r="$rss" -v ms="$DELAY_MS" \
    'BEGIN { printf "%-12d %9.2f %11.0f %10.0f %9d %10.1f %12.2f\n", c, w, a / w, d / w, q, r / 1024, q * ms / 1000 / c }'
  [ "$conc" -eq 32 ] && ours_rate=$(awk -v w="$wall" -v a="$ADDRESSES" 'BEGIN { print a / w }')
done
grep -v '^mailhint:' "$WORK/err.txt" | sed -n '/^Before/,$p'

# The peer: email-validator's deliverability check over the same delayed server (plain DNS on the
# delaying dnsdist's port), one address at a time as it is used, over a sample.
if python3 -c 'import email_validator' 2>/dev/null; then
  printf '\nemail-validator %s (check_deliverability, dnspython over UDP to the same delayed server), %d addresses\n' \
    "$(python3 -c 'import email_validator; print(email_validator.__version__)')" "$PEER_SAMPLE"
  peer_rate=$(python3 - "$WORK/list.csv" "$PEER_SAMPLE" "$MAILHINT_DNS_DELAY_PORT" <<'EOF'
import csv, sys, time
import dns.resolver
import email_validator
from email_validator import validate_email, EmailNotValidError
# The generated domains live under .test, which email-validator refuses outright as a
# special-use name (RFC 6761): let it look them up like any other.
email_validator.SPECIAL_USE_DOMAIN_NAMES[:] = [d for d in email_validator.SPECIAL_USE_DOMAIN_NAMES if d != "test"]
path, n, port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
resolver = dns.resolver.Resolver(configure=False)
resolver.nameservers, resolver.port, resolver.lifetime = ["127.0.0.1"], port, 5
rows = [r["email"] for _, r in zip(range(n), csv.DictReader(open(path)))]
start, bad = time.time(), 0
for a in rows:
    try:
        validate_email(a, check_deliverability=True, dns_resolver=resolver, test_environment=False)
    except EmailNotValidError:
        bad += 1
wall = time.time() - start
print(f"  {len(rows)} addresses in {wall:.2f} s: {len(rows) / wall:.0f} addresses/s ({bad} undeliverable)", file=sys.stderr)
print(len(rows) / wall)
EOF
)
  awk -v o="$ours_rate" -v p="$peer_rate" 'BEGIN { printf "  mailhint list / email-validator: %.1f× the addresses per second\n", o / p }'
else
  printf '\nemail-validator is not installed (pip install email-validator): no peer figures\n'
fi
