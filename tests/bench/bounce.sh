#!/usr/bin/env bash
# Bounce reading speed and agreement: mailhint vs Debian's Sisimai (Perl), on the whole bounce
# corpus (every folder: LF, CRLF and CR-only line ends, the error and non-bounce samples), and
# how often the two agree on hard/soft per recipient.
#
# Speed, like for like: both hold the files in memory and time only the reading, best of
# $ROUNDS rounds (mailhint's hidden `bounce --time-rounds`, Sisimai's `make` in a Perl loop,
# module loading excluded), mailhint on one thread as Sisimai runs, and again on every core as
# `mailhint bounce` reads a folder. The CLI's wall time over the same files (process start, file
# reads and JSON output included) is printed as a further figure with its own ratio.
#
#   tests/bench/bounce.sh [CORPUS_DIR]     (default ../shared/corpus/bounces; every .eml below it)
#
# Needs a release build of the CLI (built here) and libsisimai-perl
# (`apt-get install -y libsisimai-perl`; installed here when running as root). Recipients are
# matched by their index within each message, as the corpus test does.
set -euo pipefail
cd "$(dirname "$0")/../.."
# ../shared from the project root; ../../shared from a worktree under a folder beside it.
DIR="${1:-}"
if [ -z "$DIR" ]; then
  for d in ../shared ../../shared; do [ -d "$d/corpus/bounces" ] && { DIR="$d/corpus/bounces"; break; }; done
fi
DIR="${DIR:-../shared/corpus/bounces}"
[ -d "$DIR" ] || { echo "SKIPPED: no corpus at $DIR"; exit 0; }
ROUNDS="${ROUNDS:-10}"
BIN=target/release/mailhint
# Built (or brought up to date) here: a stale binary would time old code.
cargo build --release -q -p mailhint-cli
if ! perl -MSisimai -e1 2>/dev/null; then
  if [ "$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libsisimai-perl >/dev/null; fi
  perl -MSisimai -e1 2>/dev/null || { echo "SKIPPED: Sisimai (libsisimai-perl) is not installed"; exit 0; }
fi
OUT="$(mktemp -d)"; trap 'rm -rf "$OUT"' EXIT
mapfile -t FILES < <(find "$DIR" -type f -name '*.eml' | sort)
N=${#FILES[@]}

# mailhint in process: the files in memory, `bounce::read` over all of them, best round. Its
# rounds are ten times as many as Sisimai's, each about a tenth as long: both get about the
# same time to find their best round on a machine shared with other jobs. Once on one thread,
# like for like with Sisimai's one Perl process, and once on every core, as `mailhint bounce`
# reads a folder.
CORES=$(nproc)
read -r inproc_s _ _ < <("$BIN" bounce --time-rounds "$((ROUNDS * 10))" --jobs 1 "${FILES[@]}")
read -r inproc_all_s _ _ < <("$BIN" bounce --time-rounds "$((ROUNDS * 10))" --jobs "$CORES" "${FILES[@]}")

# mailhint CLI wall time: the best of $ROUNDS runs over all files in one process.
best=""
for _ in $(seq "$ROUNDS"); do
  t0=$(date +%s.%N)
  "$BIN" bounce --format json "${FILES[@]}" > "$OUT/ours.jsonl"
  t1=$(date +%s.%N)
  t=$(echo "$t1 - $t0" | bc -l)
  if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
done
ours_s=$best

# Sisimai: the same files read into memory first, one Perl process, timed inside (module
# loading excluded), best of $ROUNDS passes.
perl -MSisimai -MTime::HiRes=time -e '
  my ($rounds, $dest, @files) = @ARGV; my $best; my %out; my %raw;
  for my $f (@files) { local $/; open my $fh, "<", $f or next; $raw{$f} = <$fh>; close $fh; }
  for my $r (1 .. $rounds) {
    my $t0 = time;
    for my $f (@files) {
      next unless defined $raw{$f};
      my $s = $raw{$f};
      my $v = Sisimai->make(\$s, delivered => 1, vacation => 1) // [];
      $out{$f} = [ map { join("\t", $f, $_->recipient->address, $_->reason, $_->softbounce) } @$v ];
    }
    my $t = time - $t0; $best = $t if !defined $best || $t < $best;
  }
  open my $o, ">", $dest or die; print $o "$_\n" for map { @{$out{$_}} } @files; close $o;
  print "$best\n";
' "$ROUNDS" "$OUT/sisimai.tsv" "${FILES[@]}" > "$OUT/sisimai.time"
sis_s=$(cat "$OUT/sisimai.time")

python3 - "$OUT" "$N" "$ours_s" "$sis_s" "$inproc_s" "$DIR" "$inproc_all_s" "$CORES" <<'PY'
import json, sys, collections
out, n, ours_s, sis_s, inproc_s, corpus = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
inproc_all_s, cores = float(sys.argv[7]), int(sys.argv[8])
ours = {}
for line in open(f"{out}/ours.jsonl"):
    o = json.loads(line)
    ours[o["file"]] = o.get("bounces") or []
sis = collections.defaultdict(list)
for line in open(f"{out}/sisimai.tsv"):
    f, rcpt, reason, soft = line.rstrip("\n").split("\t")
    sis[f].append((rcpt, reason, soft))
kind = {"0": "hard", "1": "soft", "-1": "not-a-bounce"}
pairs = agree = reason_agree = 0
for f, theirs in sis.items():
    mine = ours.get(f, [])
    for i, (rcpt, reason, soft) in enumerate(theirs):
        if i >= len(mine):
            pairs += 1
            continue
        pairs += 1
        k = kind.get(soft, "not-a-bounce")
        if reason in ("delivered", "vacation", "feedback"):
            k = "not-a-bounce"
        agree += mine[i]["kind"] == k
        reason_agree += mine[i]["reason"] == reason
print(f"messages: {n} ({corpus})")
print(f"mailhint in process, 1 thread: {inproc_s:.4f} s, {n / inproc_s:,.0f} messages/s (files in memory, best of 10x the rounds, release build)")
print(f"mailhint in process, {cores} threads (one per core, as `mailhint bounce` reads a folder): {inproc_all_s:.4f} s, {n / inproc_all_s:,.0f} messages/s")
print(f"mailhint CLI wall time: {ours_s:.3f} s, {n / ours_s:,.0f} messages/s (one process on {cores} threads: start, file reads, JSON out)")
print(f"Sisimai (Debian libsisimai-perl): {sis_s:.3f} s, {n / sis_s:,.0f} messages/s (files in memory, best round, one Perl process)")
print(f"speed ratio in process, 1 thread: mailhint is {sis_s / inproc_s:.1f}x Sisimai's speed")
print(f"speed ratio in process, {cores} threads: mailhint is {sis_s / inproc_all_s:.1f}x Sisimai's speed")
print(f"speed ratio CLI wall time vs Sisimai in process: {sis_s / ours_s:.1f}x")
print(f"agreement with Sisimai 4.25 per recipient ({pairs} recipients Sisimai reports): hard/soft {100 * agree / max(pairs, 1):.1f} %, reason {100 * reason_agree / max(pairs, 1):.1f} % (4.25 predates v5's authfailure, badreputation, requireptr…)")
PY
