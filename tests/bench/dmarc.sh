#!/usr/bin/env bash
# DMARC aggregate report reading speed: mailhint vs parsedmarc on the same files, in the same run.
#
#   tests/bench/dmarc.sh [CORPUS_DIR]     (default ../shared/corpus/dmarc-reports)
#
# Four figures over every sample (both readers get the same files, the broken ones included):
#   * mailhint in-process: read_file + analyse in one process (crates/mailhint-core/benches/dmarc.rs),
#     best of $ROUNDS passes;
#   * parsedmarc in-process: parsedmarc.parse_report_file(offline=True) in one Python process,
#     module loading excluded, best of $ROUNDS passes;
#   * the CLIs as users run them, one process over all files (startup included), best of 5:
#     `mailhint dmarc-report --offline --format json` and `parsedmarc --offline`.
# Reports per second, MB per second and the ratio are printed. Needs parsedmarc in
# target/parsedmarc-venv (./build.sh setup installs it) or on PATH; says SKIPPED without it.
set -euo pipefail
cd "$(dirname "$0")/../.."
DIR="${1:-}"
if [ -z "$DIR" ]; then
  for d in ../shared ../../shared; do [ -d "$d/corpus/dmarc-reports/aggregate" ] && { DIR="$d/corpus/dmarc-reports"; break; }; done
fi
DIR="${DIR:-../shared/corpus/dmarc-reports}"
[ -d "$DIR" ] || { echo "SKIPPED: no corpus at $DIR"; exit 0; }
ROUNDS="${ROUNDS:-20}"
VENV=target/parsedmarc-venv
if [ -x "$VENV/bin/parsedmarc" ]; then PY="$VENV/bin/python"; PARSEDMARC="$VENV/bin/parsedmarc"
elif command -v parsedmarc >/dev/null; then PY=python3; PARSEDMARC=parsedmarc
else echo "SKIPPED: parsedmarc is not installed (./build.sh setup installs it in $VENV)"; exit 0; fi

OUT="$(mktemp -d)"; trap 'rm -rf "$OUT"' EXIT
find "$(cd "$DIR" && pwd)" -mindepth 2 -type f | LC_ALL=C sort > "$OUT/files.txt"
mapfile -t FILES < "$OUT/files.txt"
N=${#FILES[@]}
BYTES=$(cat "${FILES[@]}" | wc -c)

cargo build --quiet --release -p mailhint-cli
BIN=target/release/mailhint

# mailhint in-process.
MAILHINT_BENCH_DMARC_LIST="$OUT/files.txt" MAILHINT_BENCH_ROUNDS="$ROUNDS" \
  cargo bench --quiet -p mailhint-core --bench dmarc > "$OUT/ours.txt"
ours_line=$(grep '^IN_PROCESS' "$OUT/ours.txt")

# parsedmarc in-process.
TZ=UTC "$PY" - "$ROUNDS" "$OUT/files.txt" > "$OUT/theirs.txt" <<'PY'
import sys, time, logging
logging.disable(logging.CRITICAL)
import parsedmarc
rounds, listing = int(sys.argv[1]), sys.argv[2]
files = [l.strip() for l in open(listing) if l.strip()]
best, reports = float("inf"), 0
for _ in range(rounds):
    t0 = time.perf_counter()
    n = 0
    for f in files:
        try:
            r = parsedmarc.parse_report_file(f, offline=True)
            n += 1 if r.get("report_type") == "aggregate" else 0
        except Exception:
            pass
    best = min(best, time.perf_counter() - t0)
    reports = n
print(f"IN_PROCESS reports={reports} seconds={best:.6f}")
PY
theirs_line=$(cat "$OUT/theirs.txt")

# The CLIs, one process each over all files, best of 5.
best_of() {
  local best="" t0 t1 t
  for _ in 1 2 3 4 5; do
    t0=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; t1=$(date +%s.%N)
    t=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  echo "$best"
}
ours_cli=$(best_of "$BIN" dmarc-report --offline --format json "${FILES[@]}")
theirs_cli=$(TZ=UTC best_of "$PARSEDMARC" --offline --silent "${FILES[@]}")

python3 - "$N" "$BYTES" "$ours_line" "$theirs_line" "$ours_cli" "$theirs_cli" "$ROUNDS" <<'PY'
import sys
n, size = int(sys.argv[1]), int(sys.argv[2])
kv = lambda line: dict(p.split("=", 1) for p in line.split()[1:])
ours, theirs = kv(sys.argv[3]), kv(sys.argv[4])
ours_cli, theirs_cli, rounds = float(sys.argv[5]), float(sys.argv[6]), sys.argv[7]
mb = size / 1e6
o_s, t_s = float(ours["seconds"]), float(theirs["seconds"])
o_r, t_r = int(ours["reports"]), int(theirs["reports"])
print(f"DMARC report reading, {n} files ({mb:.2f} MB) of the corpus, same files, same run")
print(f"  mailhint in-process   {o_r / o_s:10.0f} reports/s {mb / o_s:8.1f} MB/s  ({o_s * 1e3:8.2f} ms per pass, best of {rounds}; {o_r} reports)")
print(f"  parsedmarc in-process {t_r / t_s:10.0f} reports/s {mb / t_s:8.1f} MB/s  ({t_s * 1e3:8.2f} ms per pass, best of {rounds}; {t_r} reports)")
print(f"  ratio in-process: mailhint is {t_s / o_s:.0f}x faster")
print(f"  mailhint CLI          {o_r / ours_cli:10.0f} reports/s {mb / ours_cli:8.1f} MB/s  ({ours_cli * 1e3:8.1f} ms, one process, best of 5)")
print(f"  parsedmarc CLI        {t_r / theirs_cli:10.0f} reports/s {mb / theirs_cli:8.1f} MB/s  ({theirs_cli * 1e3:8.1f} ms, one process, best of 5)")
print(f"  ratio CLI: mailhint is {theirs_cli / ours_cli:.0f}x faster")
PY
