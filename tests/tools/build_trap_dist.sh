#!/usr/bin/env bash
# Builds both wasm modules with mailhint-wasm's test-only `test-trap` feature (a draft, message,
# list row, warm-up list or DMARC report holding MAILHINT-TEST-TRAP makes the module trap) into
# target/test-trap/pkg, never into extension/pkg or dist/: the shipped build has no trap. The
# tests put these files in a copy of dist/chrome (tests/e2e/harness.mjs, `distWithTrap`) or load
# them in node (tests/extension/wasm-trap.test.mjs).
# `./build.sh test` runs this; the e2e test runs it too when the build is missing or stale.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../../build.sh
source "$ROOT/build.sh"
setup >&2
build_wasm_module mailhint test-trap "$ROOT/target/test-trap/pkg"
build_wasm_module mailhint_full full,test-trap "$ROOT/target/test-trap/pkg"
