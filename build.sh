#!/usr/bin/env bash
# The one entry point of mailhint.
#
#   ./build.sh            install what is missing, build the CLI and the extension, run the
#                         linter on the bundled sample draft
#   ./build.sh test       run every test (Rust unit, fixture, corpus and CLI tests)
#   ./build.sh bench      print throughput and latency figures (and SpamAssassin's, if present)
#   ./build.sh fuzz [S]   build the cargo-fuzz targets and run each for S seconds (default 20);
#                         prints executions, exec/s, coverage and crashes per target
#   ./build.sh setup      only install what is missing
#   ./build.sh cli        only build the native CLI
#   ./build.sh wasm       only build the WebAssembly package and dist/
#
# Every step is idempotent: a second run reinstalls nothing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"

# The wasm build uses its own target dir: Debian's rustc (wasm route) and rustup's rustc (native)
# would otherwise keep invalidating each other's artefacts.
WASM_TARGET_DIR="$ROOT/target/wasm"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif have sudo; then sudo "$@"; else
    echo "need root to run: $*" >&2; return 1; fi
}

APT_UPDATED=0
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$APT_UPDATED" -eq 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  log "apt-get install ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# --- the wasm32 target ------------------------------------------------------------------------
# rustup cannot download targets on this kind of machine; Debian's rustc-web ships the std
# sources and an LLVM with the WebAssembly backend, so std is built for wasm32 with the crate
# (-Zbuild-std, cached in the wasm target dir).
#
# Reference types are switched off: with them, wasm-bindgen (0.2.100 and 0.2.130 alike) exports
# the funcref table as its externref table for modules from this LLVM, and the module traps at
# init ("failed to grow table") in Chromium and Node. Without them it uses its JS-side heap.
WASM_RUSTFLAGS="-C target-feature=-reference-types,-multivalue"
# Size (std is built here anyway, so its unstable switches are at hand): a panic in wasm32 has no
# stderr to print to and only traps, so its message formatting and the file/line of every panic
# site are dead weight (125 KB, 43 KB gzipped); immediate-abort and location-detail drop them.
WASM_RUSTFLAGS+=" -Zunstable-options -C panic=immediate-abort -Z location-detail=none"
# Debug formatting (`{:?}`, derived `Debug`) prints nothing (-13 KB gzipped off the compose
# module): no finding uses it, the binding quotes with Display, and its code and type-name
# strings are dead weight. The one visible loss: serde's schema errors for a JSON draft print a
# wrong string value as nothing ("invalid type: string , expected a sequence"), a developer's
# error that still names the position.
WASM_RUSTFLAGS+=" -Z fmt-debug=none"
WASM_CARGO_ARGS=()
wasm_toolchain_env() {
  if have rustup && rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
    return 0 # a normal developer machine: rustup's own target (tests/extension/wasm.test.mjs checks it)
  fi
  export PATH="/usr/bin:$PATH" RUSTC=/usr/bin/rustc CARGO=/usr/bin/cargo RUSTC_BOOTSTRAP=1 RUSTFLAGS="$WASM_RUSTFLAGS"
  WASM_CARGO_ARGS=(-Zbuild-std=std,panic_abort)
}

setup_wasm_target() {
  if have rustup && rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
    return 0
  fi
  apt_install rustc-web cargo-web rust-web-src lld-22
}

# wasm-bindgen's CLI must be exactly the version Cargo.lock resolved for the library.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

setup_wasm_tools() {
  local want
  want=$(wasm_bindgen_version)
  if ! have wasm-bindgen || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$want" ]; then
    log "cargo install wasm-bindgen-cli $want (~2 min, once)"
    # No --locked: the registry index here lacks one of its locked dependencies.
    cargo install --quiet wasm-bindgen-cli --version "$want"
  fi
  have wasm-pack || { log "cargo install wasm-pack (~1.5 min, once)"; cargo install --quiet wasm-pack --locked; }
  have wasm-opt || apt_install binaryen
}

# The end-to-end tests drive Debian's Chromium through playwright-core and Debian's Firefox ESR
# through puppeteer-core over WebDriver BiDi (npm, from the root package-lock.json; never
# `npx playwright install` or puppeteer's browser download: they fetch browsers). None of them is
# needed to build, so a machine that cannot install them still builds; run_tests then says what
# it skips. Firefox ESR comes from Debian 12's security suite (153 ESR when this was written; the
# Firefox build needs 140, tests/tools/assemble_dist.py).
CHROMIUM=/usr/bin/chromium
FIREFOX=/usr/bin/firefox-esr
setup_e2e() {
  [ -x "$CHROMIUM" ] || apt_install chromium || log "could not install Chromium: the end-to-end tests will be skipped"
  [ -x "$FIREFOX" ] || apt_install firefox-esr || log "could not install Firefox ESR: the Firefox end-to-end test will be skipped"
  # A CJK font, so that screenshots of Chinese drafts show characters rather than boxes.
  apt_install fonts-wqy-microhei || true
  have openssl || apt_install openssl  # the e2e tests make a self-signed certificate
  have npm || apt_install npm || { log "could not install npm: the end-to-end tests will be skipped"; return 0; }
  # node_modules is stale when the lock file changed since the last install (npm writes its own
  # copy of the lock to node_modules/.package-lock.json).
  if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/puppeteer-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "npm ci (playwright-core and puppeteer-core for the end-to-end tests; ws and dns-packet for the privacy test's recorder; acorn for the scan of the built extension)"
    npm ci --no-audit --no-fund --loglevel=error || npm install --no-audit --no-fund --loglevel=error \
      || log "npm could not install playwright-core and puppeteer-core: the end-to-end tests will be skipped"
  fi
}

setup() {
  export PATH="$HOME/.cargo/bin:$PATH"
  have cargo || { echo "cargo is missing: install Rust with rustup first" >&2; exit 1; }
  have python3 || apt_install python3
  have node || apt_install nodejs
  setup_wasm_target
  setup_wasm_tools
}

# What only the tests need: Chromium and Firefox ESR with their npm drivers, Roundcube with
# Dovecot, and BIND with dnsdist for the DNS-over-HTTPS tests (tests/dns/start.sh).
setup_tests() {
  setup_e2e
  setup_roundcube
  apt_install bind9 bind9-dnsutils dnsdist curl
  setup_parsedmarc
}

# parsedmarc (PyPI) in its own venv, the reference reader of DMARC aggregate reports for
# tests/dmarc/compare_parsedmarc.py and tests/bench/dmarc.sh; they skip when it is missing.
PARSEDMARC_VENV=target/parsedmarc-venv
setup_parsedmarc() {
  [ -x "$PARSEDMARC_VENV/bin/parsedmarc" ] && return 0
  python3 -m venv "$PARSEDMARC_VENV" 2>/dev/null || { apt_install python3-venv && python3 -m venv "$PARSEDMARC_VENV"; } \
    && "$PARSEDMARC_VENV/bin/pip" install -q parsedmarc \
    || log "could not install parsedmarc: the DMARC report comparison will be skipped"
}

# The local DoH server (BIND + dnsdist over every domain-check fixture) for the Rust tests that
# set MAILHINT_TEST_DOH; stopped by PID when the tests end, whatever way they end.
start_test_dns() {
  trap 'tests/dns/stop.sh' EXIT
  MAILHINT_TEST_DOH=$(tests/dns/start.sh)
  export MAILHINT_TEST_DOH
}

# Roundcube 1.6 + Dovecot + PHP's built-in server for the Roundcube end-to-end test; the test starts
# and stops its own private instance on free loopback ports (tests/e2e/roundcube/start.sh).
# install.sh does nothing when the packages are there, and asks for root (sudo) only when not.
setup_roundcube() {
  tests/e2e/roundcube/install.sh
}

build_cli() {
  log "building the mailhint CLI"
  cargo build --quiet --release -p mailhint-cli
}

# Two modules from crates/mailhint-wasm, by its cargo features (ARCHITECTURE.md says why):
#   extension/pkg/mailhint.js + mailhint_bg.wasm            the compose module (no features): what
#                                                         compose windows need on every keystroke
#   extension/pkg/mailhint_full.js + mailhint_full_bg.wasm  the full module (`full`): also raw
#                                                         .eml files and the sender-domain check,
#                                                         loaded by the worker only when asked
build_wasm() {
  log "building the WebAssembly packages (compose and full)"
  build_wasm_module mailhint ""
  build_wasm_module mailhint_full full
  # The compose module is built without the Public Suffix List (mailhint-core's `builtin-psl`,
  # 47 KB gzipped): the service worker fetches this copy and hands it over at init. Updating the
  # list is then replacing this file (the CLI and the full module keep it compiled in).
  cp crates/mailhint-core/data/public-suffix-list.txt extension/pkg/public-suffix-list.txt
  # The address-list checker's worker hands the disposable-domain list to the core the same way
  # (the CLI embeds this very file).
  cp crates/mailhint-core/data/disposable-email-domains.txt extension/pkg/disposable-email-domains.txt
  # Issue 3 budgets the compose window's download: 500 KB gzipped. Say where we stand on every build.
  log "wasm: compose $(wasm_size extension/pkg/mailhint_bg.wasm), full $(wasm_size extension/pkg/mailhint_full_bg.wasm) (issue 3: compose < 500 KB gzipped)"
  write_rule_docs
  assemble_dist
}

wasm_size() { echo "$(wc -c <"$1") bytes ($(gzip -9c "$1" | wc -c) gzipped)"; }

# build_wasm_module OUT_NAME FEATURES [OUT_DIR]   (OUT_DIR: extension/pkg unless a test build)
build_wasm_module() {
  local name=$1 features=$2 out=${3:-$ROOT/extension/pkg}
  (
    wasm_toolchain_env
    # Every crate optimised for size (the native CLI keeps the release profile's opt-level 3):
    # 430 KB off the wasm, 140 KB gzipped. A 50 KB draft then takes ~35 ms instead of ~14 ms,
    # in the service worker; an ordinary draft ~2 ms either way.
    export CARGO_PROFILE_RELEASE_OPT_LEVEL=z
    # One target dir for both: cargo keeps each feature set's artefacts apart (features are in
    # their hash), and wasm-bindgen reads the cdylib right after it is written.
    CARGO_TARGET_DIR="$WASM_TARGET_DIR" wasm-pack --quiet build crates/mailhint-wasm \
      --target web --release --mode no-install --out-dir "$out" --out-name "$name" \
      --no-typescript --no-pack -- ${features:+--features "$features"} "${WASM_CARGO_ARGS[@]}"
  )
  # wasm-pack's own wasm-opt step downloads binaryen; we run the Debian one instead.
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals "$out/${name}_bg.wasm" -o "$out/${name}_bg.wasm"
  add_reinstantiate_to_glue "$out/$name.js"
}

# After a trap (a panic is one: panic=immediate-abort) an instance may be poisoned: its shadow
# stack pointer, its allocator or an object borrowed by the call that trapped are left mid-way,
# so the service worker starts over with a fresh instance. wasm-bindgen's glue cannot make one:
# `init` and `initSync` return the first instance for good, and its `__wbg_reset_state`
# (--experimental-reset-state-function) came with versions after the 0.2.100 we pin (see
# crates/mailhint-wasm/Cargo.toml). So this appends the same to the glue: forget the instance and
# the JS-side object heap, instantiate the compiled module again. The anchors are checked, so a
# wasm-bindgen whose glue differs fails the build here rather than the recovery at run time.
add_reinstantiate_to_glue() {
  local glue=$1 anchor
  for anchor in '^let wasm;$' '^const heap = new Array(128).fill(undefined);$' '^let heap_next = heap.length;$' \
    '^function initSync(module) {$' '__wbg_init.__wbindgen_wasm_module = module;'; do
    grep -q "$anchor" "$glue" || { echo "$glue: no '$anchor': wasm-bindgen's glue changed, update add_reinstantiate_to_glue" >&2; return 1; }
  done
  cat >>"$glue" <<'EOF'

/**
 * Added by mailhint's build.sh: a fresh instance of the module compiled by `init`, for after a
 * trap. Objects made by the old instance must not be used (or freed) any more.
 */
export function reinstantiate() {
    const module = __wbg_init.__wbindgen_wasm_module;
    if (!(module instanceof WebAssembly.Module)) throw new Error('reinstantiate() before init()');
    wasm = undefined;
    heap.length = 128;
    heap.fill(undefined);
    heap.push(undefined, null, true, false);
    heap_next = heap.length;
    return initSync({ module });
}
EOF
}

# The wasm is built without the rule docs (mailhint-core's `docs` feature, ~110 KB gzipped); the
# service worker reads them from extension/rules/<lang>.json, written here by the native CLI from
# the same rule declarations.
write_rule_docs() {
  build_cli
  log "writing extension/rules/{en,zh-CN}.json (mailhint rules --format json)"
  mkdir -p extension/rules
  for lang in en zh-CN; do
    ./target/release/mailhint rules --format json --lang "$lang" >"extension/rules/$lang.json.tmp"
    mv "extension/rules/$lang.json.tmp" "extension/rules/$lang.json"
  done
}

# dist/chrome and dist/firefox: the extension as a browser loads it, and a zip of each.
assemble_dist() {
  log "assembling dist/"
  python3 tests/tools/assemble_dist.py
}

run_sample() {
  log "mailhint check --sample   (a typical first-contact email with the usual mistakes)"
  ./target/release/mailhint check --sample
}

run_tests() {
  start_test_dns
  log "cargo test (Rust unit, fixture, corpus, bad-input, CLI and DoH tests)"
  cargo test --quiet --workspace
  # The committed seeds and crash inputs: the fuzz smoke run at the end replays them; without a
  # toolchain that can fuzz, a stable test runs them through the same target bodies (it builds
  # the fuzz crate's own profile, ~5 min, which the smoke run's build makes needless).
  if ! fuzz_toolchain; then
    log "fuzz inputs: the committed seeds and crash inputs through their fuzz targets (no fuzzer)"
    cargo test --quiet --manifest-path "$FUZZ_DIR/Cargo.toml" --target-dir target
  fi
  log "DMARC aggregate reports: every sample read as parsedmarc --offline reads it"
  # parsedmarc's own Python, for its base-domain function; without the venv the script skips.
  local py=python3
  [ -x "$PARSEDMARC_VENV/bin/python" ] && py="$PARSEDMARC_VENV/bin/python"
  "$py" tests/dmarc/compare_parsedmarc.py target/release/mailhint
  log "node --test tests/extension (the WebAssembly package against the native core)"
  node --test tests/extension/
  log "web-ext lint (the Firefox build, as addons.mozilla.org checks it)"
  [ -x node_modules/.bin/web-ext ] || npm ci --silent --no-audit --no-fund
  npx --no-install web-ext lint --source-dir dist/firefox --no-config-discovery
  if [ ! -x "$CHROMIUM" ] || [ ! -d node_modules/playwright-core ]; then
    log "SKIPPED: end-to-end tests (Chromium or playwright-core could not be installed; see ./build.sh setup)"
  else
    [ -x "$FIREFOX" ] || log "Firefox ESR is missing: tests/e2e/firefox*.test.mjs will say SKIPPED"
    log "node --test tests/e2e (the extension in Chromium and in Firefox on webmail fixtures and a real Roundcube)"
    node --test tests/e2e/
  fi
  # Last: it needs its own (nightly) build, and a crash it finds should not hide the tests above.
  log "fuzz smoke run: every target for ${MAILHINT_FUZZ_SECONDS:-5} s"
  run_fuzz "${MAILHINT_FUZZ_SECONDS:-5}"
}

# --- fuzzing ----------------------------------------------------------------------------------
# cargo-fuzz targets, one per entry point that reads untrusted bytes (crates/mailhint-fuzz, its
# own workspace). libFuzzer needs nightly's instrumentation: rustup's nightly when there is one,
# else the stable compiler with RUSTC_BOOTSTRAP=1 (the same switches, unlocked); else SKIPPED.
FUZZ_DIR=crates/mailhint-fuzz
CARGO_FUZZ_VERSION=0.13.2
FUZZ_CARGO=()
fuzz_toolchain() {
  if have rustup && rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    FUZZ_CARGO=(cargo +nightly)
  elif RUSTC_BOOTSTRAP=1 rustc -Z unstable-options --print cfg >/dev/null 2>&1; then
    FUZZ_CARGO=(env RUSTC_BOOTSTRAP=1 cargo)
  else
    return 1
  fi
}

setup_fuzz() {
  export PATH="$HOME/.cargo/bin:$PATH"
  fuzz_toolchain || return 1
  if ! have cargo-fuzz || [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
    log "cargo install cargo-fuzz $CARGO_FUZZ_VERSION (~1 min, once)"
    cargo install --quiet --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION" || return 1
  fi
}

# The dictionary each target mutates with (crates/mailhint-fuzz/dict).
fuzz_dict() {
  case "$1" in
    content_raw | bounce | raw_report) echo mime ;;
    draft_json) echo json ;;
    record_spf | spf_eval) echo spf ;;
    record_dmarc) echo dmarc ;;
    record_dkim) echo dkim ;;
    record_mta_sts) echo mta_sts ;;
    record_bimi) echo bimi ;;
    record_tls_rpt) echo tls_rpt ;;
    dmarc_report) echo dmarc_report ;;
  esac
}

# run_fuzz [SECONDS] [TARGET...]: builds every target, gathers the seeds (tests/fuzz/seeds.py),
# runs each target in turn for SECONDS, prints the table (tests/fuzz/summary.py). Each target's
# corpus grows in crates/mailhint-fuzz/corpus/<target> (kept between runs, gitignored), its log
# goes to crates/mailhint-fuzz/logs/<target>.log. Fails on any crash, timeout (10 s on one input)
# or out-of-memory (2 GB), naming the input libFuzzer wrote to artifacts/<target>/.
# MAILHINT_FUZZ_FLAGS adds libFuzzer flags, e.g. "-fork=2" on an idle two-core machine.
# MAILHINT_FUZZ_FAST=1 builds without comparison tracing (its own target dir): about three
# times the executions for long runs of the large targets; the edges counted are the same, the
# corpus is shared, only the mutations lose the comparisons' operands (the dictionaries stay).
run_fuzz() {
  local seconds=${1:-20}
  shift || true
  if ! setup_fuzz; then
    log "SKIPPED: fuzzing (no nightly toolchain, RUSTC_BOOTSTRAP=1 does not unlock stable's, or cargo-fuzz could not be installed)"
    return 0
  fi
  python3 tests/fuzz/seeds.py "$FUZZ_DIR/gathered"
  log "cargo fuzz build (${FUZZ_CARGO[*]}, release, our crates with debug assertions, no sanitizer)"
  local start=$SECONDS
  # No sanitizer: the workspace forbids unsafe code, so what the fuzzer looks for is panics
  # (our crates' debug assertions and overflow checks are on: crates/mailhint-fuzz/Cargo.toml),
  # hangs and memory blow-ups; ASan would halve the executions per second for bugs our code
  # cannot have. -O: dependencies as they ship, without their own debug assertions.
  local build=(--fuzz-dir "$FUZZ_DIR" -O -s none)
  [ -n "${MAILHINT_FUZZ_FAST:-}" ] && build+=(--no-trace-compares --target-dir "$FUZZ_DIR/target-fast")
  "${FUZZ_CARGO[@]}" fuzz build "${build[@]}"
  log "fuzz build took $((SECONDS - start)) s"
  local targets=("$@") failed=()
  [ ${#targets[@]} -gt 0 ] || mapfile -t targets < <("${FUZZ_CARGO[@]}" fuzz list --fuzz-dir "$FUZZ_DIR")
  mkdir -p "$FUZZ_DIR/logs"
  for target in "${targets[@]}"; do
    local dirs=("$FUZZ_DIR/corpus/$target")
    mkdir -p "${dirs[0]}" "$FUZZ_DIR/artifacts/$target"
    for extra in seeds gathered regressions; do
      [ -d "$FUZZ_DIR/$extra/$target" ] && dirs+=("$FUZZ_DIR/$extra/$target")
    done
    local dict
    dict=$(fuzz_dict "$target")
    log "fuzz $target for ${seconds} s"
    # -jobs=1: one process (the machine is shared); the first corpus dir receives new inputs.
    if ! nice -n 10 "${FUZZ_CARGO[@]}" fuzz run "${build[@]}" "$target" "${dirs[@]}" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$FUZZ_DIR/artifacts/$target/" ${dict:+-dict="$FUZZ_DIR/dict/$dict.dict"} \
      ${MAILHINT_FUZZ_FLAGS:-} >"$FUZZ_DIR/logs/$target.log" 2>&1; then
      failed+=("$target")
    fi
  done
  python3 tests/fuzz/summary.py "$FUZZ_DIR/logs" "${targets[@]}"
  if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing failed: ${failed[*]} (crash, timeout or out-of-memory: see the table's artifacts and $FUZZ_DIR/logs/)" >&2
    return 1
  fi
}

run_bench() {
  cargo build --quiet --release -p mailhint-cli
  python3 tests/bench/bench.py "$@"
  tests/bench/list.sh
}

main() {
  local cmd=${1:-all}
  shift || true
  case "$cmd" in
    all) setup; build_cli; build_wasm; run_sample ;;
    setup) setup; setup_tests ;;
    cli) build_cli ;;
    wasm) setup; build_wasm ;;
    test) setup; setup_tests; build_cli; build_wasm; tests/tools/build_trap_dist.sh; run_tests ;;
    bench) apt_install spamassassin; run_bench "$@" ;;
    fuzz) run_fuzz "$@" ;;
    *) echo "usage: ./build.sh [all|setup|cli|wasm|test|bench|fuzz [SECONDS] [TARGET...]]" >&2; exit 2 ;;
  esac
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then main "$@"; fi
