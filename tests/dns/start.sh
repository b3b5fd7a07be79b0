#!/usr/bin/env bash
# A real DNS-over-HTTPS server on loopback for the tests (toolchain.md §5): BIND answers
# authoritatively on 127.0.0.1:5353, dnsdist serves it as RFC 8484 DoH over plain HTTP/1.1 with
# a CORS header at http://127.0.0.1:8054/dns-query. Both run in the background under a state
# directory and are stopped by tests/dns/stop.sh (by PID).
#
#   tests/dns/start.sh                 every crates/mailhint-core/tests/domain-fixtures/**/*.zone
#                                      and crates/mailhint-cli/tests/zones/*.zone (the DoH tests')
#   tests/dns/start.sh a.zone b.zone   only these files
#
# The files are merged into ONE authoritative zone for the root `.`, so BIND answers every name
# in them, NXDOMAIN for the rest and NODATA for empty non-terminals: the semantics of
# `dns::zone::Zone`. `;!` pragmas (servfail/timeout) are comments to BIND: those names answer.
# An NS record below the root would be a delegation (a referral, not an answer) in one zone, where
# `Zone` sees plain data: each such name becomes a zone of its own (with an SOA added when the
# files have none there), so that BIND answers its NS records and the names below it; so does
# each name with an SOA record (BIND loads an SOA only at the top of a zone). Known differences
# left, each announced with a note when it happens: SOA queries at a name with NS records but no
# SOA, NS queries at a name with an SOA but no NS, address queries for an in-zone name server
# without an address; always: BIND's NODATA/NXDOMAIN replies carry the SOA (a negative TTL)
# where `Zone` has none, and BIND expands wildcards where `Zone` reads `*` as a plain label.
# A file BIND refuses on its own (CNAME and other data, a syntax error) is left out with a
# warning, so that one broken fixture does not take the server down for everybody; the files
# actually served are listed in $STATE/zones.txt.
#
# Idempotent: when both servers are up and the merged zone is unchanged it only prints the URL;
# when the zone changed, BIND is restarted (dnsdist keeps running). Prints the DoH URL on
# standard output (everything else goes to standard error) and returns once a query answers.
#
# Environment: MAILHINT_DNS_STATE (default target/dns), MAILHINT_DNS_PORT (5353),
# MAILHINT_DOH_PORT (8054), MAILHINT_DNSDIST_PORT (5354, dnsdist's own Do53 listener).
# MAILHINT_DNS_DELAY_MS (0): when set, every answer is held that long, as a distant resolver's
# would be (the list checker's benchmark adds 20 ms): a second dnsdist between the DoH front end
# and BIND, on MAILHINT_DNS_DELAY_PORT (the dnsdist port + 1), holds each response with
# `DelayResponseAction`. That action works on UDP responses only, which is what the front end's
# queries to its backend are (it does nothing on a DoH listener itself, hence the second hop).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE=${MAILHINT_DNS_STATE:-$ROOT/target/dns}
DNS_PORT=${MAILHINT_DNS_PORT:-5353}
DOH_PORT=${MAILHINT_DOH_PORT:-8054}
DNSDIST_PORT=${MAILHINT_DNSDIST_PORT:-5354}
URL="http://127.0.0.1:$DOH_PORT/dns-query"

say() { printf 'tests/dns: %s\n' "$*" >&2; }
trap 'say "failed at line $LINENO"' ERR
die() { say "$*"; exit 1; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

for tool in named named-checkzone dnsdist dig curl; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] ||
    die "$tool is missing: apt-get install -y bind9 bind9-dnsutils dnsdist curl (./build.sh setup does)"
done
export PATH="$PATH:/usr/sbin"

mkdir -p "$STATE"
STATE=$(cd "$STATE" && pwd)

# --- the zone files -------------------------------------------------------------------------
zones=()
if [ $# -gt 0 ]; then
  for f in "$@"; do
    [ -f "$f" ] || die "no such zone file: $f"
    zones+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")")
  done
else
  while IFS= read -r f; do zones+=("$f"); done < <(
    find "$ROOT/crates/mailhint-core/tests/domain-fixtures" "$ROOT/crates/mailhint-cli/tests/zones" \
      -name '*.zone' -type f 2>/dev/null | LC_ALL=C sort)
fi
[ ${#zones[@]} -gt 0 ] || die "no zone files"

# The root zone's own records. The name server's name lives under `invalid.` (RFC 6761), which
# no fixture uses; the SOA minimum is the negative-caching TTL of NXDOMAIN and NODATA answers.
header() {
  cat <<'EOF'
$TTL 300
.                   86400 IN SOA ns.mailhint-dns.invalid. hostmaster.mailhint-dns.invalid. 1 3600 600 86400 300
.                   86400 IN NS  ns.mailhint-dns.invalid.
ns.mailhint-dns.invalid. 86400 IN A 127.0.0.1
EOF
}

# One $INCLUDE per file, each with the root as its origin ($INCLUDE restores the origin after
# the file, so a file's $ORIGIN does not leak into the next), and the default TTL reset.
merged_with() {
  header
  for f in "$@"; do printf '$TTL 300\n$INCLUDE "%s" .\n' "$f"; done
}

CHECKS=(-i none -k ignore -m ignore -M ignore -S ignore -n ignore)
checkzone() { named-checkzone "${CHECKS[@]}" "$@" 2>&1; }

rm -rf "$STATE/src" "$STATE/new" && mkdir -p "$STATE/src" "$STATE/new"
: >"$STATE/new/extra.zone"

# BIND loads an SOA record only at the top of a zone, `Zone` anywhere. BIND's own error names
# the file, line and owner of each SOA below the root: it is commented out in a copy of the
# file, and comes back (canonical, from the file loaded as the zone of its owner) in a zone of
# its own.
# The SOA record at $1 in file $2, canonical: the file loaded as the zone of $1 (records outside
# it are ignored), with an NS record if it has none and an address for each name server BIND
# names as having none (BIND refuses the zone otherwise).
soa_record() {
  local owner=$1 file=$2 glue="" out missing
  for _ in $(seq 20); do
    { printf '$TTL 300\n%s. 300 IN NS ns.mailhint-dns.invalid.\n%s' "$owner" "$glue"
      printf '$INCLUDE "%s" .\n' "$file"; } >"$STATE/soa.zone"
    if out=$(named-compilezone -q "${CHECKS[@]}" -s full -o - "$owner" "$STATE/soa.zone" 2>/dev/null); then
      printf '%s\n' "$out" | awk -v o="$owner." 'tolower($1) == tolower(o) && $4 == "SOA"'
      return 0
    fi
    missing=$(named-compilezone "${CHECKS[@]}" -o /dev/null "$owner" "$STATE/soa.zone" 2>&1 |
      sed -n "s/.*NS '\(.*\)' has no address records.*/\1/p" || true)
    [ -n "$missing" ] || { say "WARNING: cannot read the SOA record of $owner in $file"; return 0; }
    glue+=$(printf '%s. 300 IN A 127.0.0.1\n' $missing)$'\n'
  done
}

take_out_soas() { # copy original
  local copy=$1 original=$2 error line owner
  for _ in $(seq 100); do
    merged_with "$copy" >"$STATE/one.zone"
    checkzone -q . "$STATE/one.zone" >/dev/null && return 0
    error=$(checkzone . "$STATE/one.zone" || true)
    error=$(printf '%s\n' "$error" | grep 'SOA record not at top of zone' | head -n 1 || true)
    [ -n "$error" ] || return 0
    line=$(printf '%s\n' "$error" | sed -n 's/^[^:]*:\([0-9]*\): SOA record.*/\1/p')
    owner=$(printf '%s\n' "$error" | sed -n 's/.*not at top of zone (\(.*\))$/\1/p')
    [ -n "$line" ] && [ -n "$owner" ] || return 0
    soa_record "$owner" "$original" >>"$STATE/new/extra.zone"
    # The SOA may span lines in parentheses: comment out until they close.
    awk -v n="$line" 'NR >= n && !done { depth += gsub(/\(/, "(") - gsub(/\)/, ")"); $0 = ";" $0; if (depth <= 0) done = 1 } { print }' \
      "$copy" >"$copy.tmp" && mv "$copy.tmp" "$copy"
  done
}

copies=()
for i in "${!zones[@]}"; do
  cp "${zones[$i]}" "$STATE/src/$i.zone"
  # Most files have no SOA record: only those that mention one are loaded on their own.
  if grep -qiw soa "${zones[$i]}"; then take_out_soas "$STATE/src/$i.zone" "${zones[$i]}"; fi
  copies+=("$STATE/src/$i.zone")
done
rm -f "$STATE/soa.zone"

# A file BIND refuses (CNAME and other data, a syntax error) is left out, with BIND's reasons.
merged_with "${copies[@]}" >"$STATE/root.zone.new"
if ! checkzone -q . "$STATE/root.zone.new" >/dev/null; then
  kept=() kept_copies=()
  for i in "${!zones[@]}"; do
    merged_with "${copies[$i]}" >"$STATE/one.zone"
    if checkzone -q . "$STATE/one.zone" >/dev/null; then kept+=("${zones[$i]}") kept_copies+=("${copies[$i]}"); else
      say "WARNING: BIND refuses ${zones[$i]}, left out:"
      checkzone . "$STATE/one.zone" | grep -v '^zone ./IN: loaded\|^OK$' | sed 's/^/    /' >&2 || true
    fi
  done
  zones=("${kept[@]}") copies=("${kept_copies[@]}")
  merged_with "${copies[@]}" >"$STATE/root.zone.new"
  checkzone -q . "$STATE/root.zone.new" >/dev/null || die "the zone files do not load together into BIND"
fi
rm -f "$STATE/one.zone"
printf '%s\n' "${zones[@]}" >"$STATE/zones.txt"

# Every record on one line with its absolute owner (`named-compilezone -s full`), then split at
# the delegations: a record goes to the zone of the longest NS or SOA owner that is its name or
# a suffix of it.
named-compilezone -q "${CHECKS[@]}" -s full \
  -o "$STATE/new/flat.zone" . "$STATE/root.zone.new" || die "named-compilezone failed on the merged zone"
cat "$STATE/new/extra.zone" >>"$STATE/new/flat.zone" && rm -f "$STATE/new/extra.zone"
awk -v dir="$STATE/new" '
  function zone_of(owner,   best, c) {
    best = "."
    for (c in cuts) if ((owner == c || substr(owner, length(owner) - length(c)) == "." c) && length(c) > length(best)) best = c
    return best
  }
  function file_of(z,   f) { f = z; sub(/\.$/, "", f); return dir "/" (z == "." ? "root" : f) ".zone" }
  NR == FNR {
    owner = tolower($1)
    if ($4 == "NS" && owner != ".") { cuts[owner] = 1; ns[owner, tolower($5)] = 1; has_ns[owner] = 1 }
    if ($4 == "SOA" && owner != ".") { cuts[owner] = 1; soa[owner] = 1 }
    if ($4 == "A" || $4 == "AAAA") addr[owner] = 1
    next
  }
  FNR == 1 {
    for (c in cuts) {
      print c > (dir "/cuts.txt")
      if (!(c in soa)) print c " 300 IN SOA ns.mailhint-dns.invalid. hostmaster.mailhint-dns.invalid. 1 3600 600 86400 300" > file_of(c)
      # A zone needs NS records; an SOA without them gets one (a difference for NS queries there).
      if (!(c in has_ns)) {
        print c " 300 IN NS ns.mailhint-dns.invalid." > file_of(c)
        print "tests/dns: note: " c " has an SOA but no NS records; BIND gets NS ns.mailhint-dns.invalid. there" > "/dev/stderr"
      }
    }
    # BIND refuses a zone whose name server lives inside it without an address (there is no
    # option against it): such a name server gets 127.0.0.1, and a warning.
    for (key in ns) {
      split(key, part, SUBSEP)
      if (zone_of(part[2]) == part[1] && !(part[2] in addr)) {
        print part[2] " 300 IN A 127.0.0.1" > file_of(part[1])
        addr[part[2]] = 1
        print "tests/dns: note: " part[2] " (name server of " part[1] ") has no address; BIND gets A 127.0.0.1 for it" > "/dev/stderr"
      }
    }
  }
  { print > file_of(zone_of(tolower($1))) }
' "$STATE/new/flat.zone" "$STATE/new/flat.zone"
rm -f "$STATE/new/flat.zone"
touch "$STATE/new/cuts.txt"
# The files' contents count, not only their names: a changed fixture needs a reload.
fingerprint=$(cat "$STATE/new/"*.zone | sha256sum | cut -d' ' -f1)

# --- BIND -------------------------------------------------------------------------------------
cat >"$STATE/named.conf" <<EOF
options {
    directory "$STATE";
    pid-file "$STATE/named.pid";
    listen-on port $DNS_PORT { 127.0.0.1; };
    listen-on-v6 { none; };
    // Recursion over our own zones only (the root is ours: nothing is asked outside), so that
    // a CNAME into another of them is followed to its end, as a public resolver answers.
    recursion yes;
    allow-recursion { 127.0.0.1; };
    // Recursion would add BIND's built-in empty zones (RFC 6303: private and documentation
    // reverse ranges) over ours.
    empty-zones-enable no;
    dnssec-validation no;
    allow-query { 127.0.0.1; };
    // Fixtures are deliberately broken domains: load what zone files say, as Zone::parse does.
    check-names primary ignore;
    check-mx ignore;
    check-mx-cname ignore;
    check-srv-cname ignore;
    check-integrity no;
    check-wildcard no;
    // The same order for the same records every time (BIND's canonical order), not a shuffle.
    rrset-order { order none; };
    notify no;
    max-cache-size 16m;
};
controls { };
zone "." { type primary; file "$STATE/zones/root.zone"; };
EOF
LC_ALL=C sort "$STATE/new/cuts.txt" | while IFS= read -r cut; do
  printf 'zone "%s" { type primary; file "%s/zones/%s.zone"; };\n' "$cut" "$STATE" "${cut%.}"
done >>"$STATE/named.conf"

running_fingerprint=$(cat "$STATE/fingerprint" 2>/dev/null || true)
if alive "$STATE/named.pid" && [ "$running_fingerprint" = "$fingerprint" ]; then
  :
else
  if alive "$STATE/named.pid"; then
    say "zone files changed: restarting BIND"
    kill "$(cat "$STATE/named.pid")" 2>/dev/null || true
    for _ in $(seq 50); do alive "$STATE/named.pid" || break; sleep 0.1; done
  fi
  rm -f "$STATE/named.pid"
  ss -ltn 2>/dev/null | grep -q "127.0.0.1:$DNS_PORT " &&
    die "port $DNS_PORT is taken by another process (another worktree's server?): stop it, or set MAILHINT_DNS_PORT"
  rm -rf "$STATE/zones" && mv "$STATE/new" "$STATE/zones"
  # -g: foreground (so that $! is named itself), logging to stderr; -u root: the state dir is
  # not writable by the bind user.
  named -g -u root -c "$STATE/named.conf" >"$STATE/named.log" 2>&1 &
  echo $! >"$STATE/named.pid"
  echo "$fingerprint" >"$STATE/fingerprint"
fi
rm -rf "$STATE/root.zone.new" "$STATE/new"

# --- the delay (optional) ----------------------------------------------------------------------
DELAY_MS=${MAILHINT_DNS_DELAY_MS:-0}
DELAY_PORT=${MAILHINT_DNS_DELAY_PORT:-$((DNSDIST_PORT + 1))}
BACKEND_PORT=$DNS_PORT
if [ "$DELAY_MS" -gt 0 ]; then
  cat >"$STATE/dnsdist-delay.conf" <<EOF
setSecurityPollSuffix("")
setLocal("127.0.0.1:$DELAY_PORT")
newServer({address="127.0.0.1:$DNS_PORT"})
addResponseAction(AllRule(), DelayResponseAction($DELAY_MS))
EOF
  if ! alive "$STATE/dnsdist-delay.pid"; then
    ss -lun 2>/dev/null | grep -q "127.0.0.1:$DELAY_PORT " &&
      die "port $DELAY_PORT is taken by another process: stop it, or set MAILHINT_DNS_DELAY_PORT"
    dnsdist -C "$STATE/dnsdist-delay.conf" --supervised --disable-syslog >"$STATE/dnsdist-delay.log" 2>&1 &
    echo $! >"$STATE/dnsdist-delay.pid"
  fi
  BACKEND_PORT=$DELAY_PORT
fi

# --- dnsdist ----------------------------------------------------------------------------------
cat >"$STATE/dnsdist.conf" <<EOF
setSecurityPollSuffix("")
setLocal("127.0.0.1:$DNSDIST_PORT")
newServer({address="127.0.0.1:$BACKEND_PORT"})
addDOHLocal("127.0.0.1:$DOH_PORT", nil, nil, "/dns-query",
            {customResponseHeaders={["access-control-allow-origin"]="*"}})
EOF
if ! alive "$STATE/dnsdist.pid"; then
  ss -ltn 2>/dev/null | grep -q "127.0.0.1:$DOH_PORT " &&
    die "port $DOH_PORT is taken by another process (another worktree's server?): stop it, or set MAILHINT_DOH_PORT"
  dnsdist -C "$STATE/dnsdist.conf" --supervised --disable-syslog >"$STATE/dnsdist.log" 2>&1 &
  echo $! >"$STATE/dnsdist.pid"
fi

# --- wait until a DoH query answers -----------------------------------------------------------
# The query is `SOA .` (ID 0, RD), base64url without padding (RFC 8484 §4.1).
query=AAABAAABAAAAAAAAAAAGAAE
for _ in $(seq 100); do
  if curl -sf -o /dev/null -H 'accept: application/dns-message' "$URL?dns=$query" 2>/dev/null; then
    delayed=""; [ "$DELAY_MS" -gt 0 ] && delayed=", every answer held $DELAY_MS ms"
    say "BIND on 127.0.0.1:$DNS_PORT, DoH at $URL (${#zones[@]} zone files$delayed; stop with tests/dns/stop.sh)"
    echo "$URL"
    exit 0
  fi
  alive "$STATE/named.pid" || { cat "$STATE/named.log" >&2; die "BIND did not start (log above)"; }
  alive "$STATE/dnsdist.pid" || { cat "$STATE/dnsdist.log" >&2; die "dnsdist did not start (log above)"; }
  sleep 0.1
done
die "no DoH answer at $URL after 10 s (logs: $STATE/named.log, $STATE/dnsdist.log)"
