#!/usr/bin/env python3
"""./build.sh bench: prints figures, asserts nothing.

1. The Rust benchmark (in-process throughput over the ham/spam sample, p50/p99 latency for a
   2 KB and a 100 KB draft, peak memory).
2. Where SpamAssassin is installed: spamd on 127.0.0.1 (network tests and Bayes off) scores a
   sample of the same messages with spamc, one at a time, and the `mailhint` CLI checks the very
   same files; both throughputs and their ratio are printed.
3. The extension in Chromium (tests/bench/extension-bench.mjs): keystroke-to-hint latency, long
   tasks, cold start, wasm size, memory. Skipped, with the reason, when Chromium or
   playwright-core is missing.
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("MAILHINT_SHARED", ROOT.parent / "shared"))
MAIL = SHARED / "corpus" / "mail"
SAMPLE = int(os.environ.get("MAILHINT_BENCH_SAMPLE", "150"))


def rust_bench(sample: list[Path]) -> float | None:
    """Runs the Rust benchmark; returns its in-process rate over `sample`, if it printed one."""
    print("== mailhint (in-process, release build)", flush=True)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(map(str, sample)))
    env = dict(os.environ, MAILHINT_BENCH_LIST=f.name)
    out = subprocess.run(["cargo", "bench", "-q", "-p", "mailhint-core", "--bench", "lint"], cwd=ROOT, env=env,
                         check=True, capture_output=True, text=True).stdout
    os.unlink(f.name)
    print(out, end="")
    rates = [float(l.split(":")[1].split()[0]) for l in out.splitlines() if l.startswith("sample throughput:")]
    return rates[0] if rates else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sample_files() -> list[Path]:
    rows = [l.split("\t")[0] for l in (MAIL / "labels.tsv").read_text().splitlines()[1:]]
    step = max(1, len(rows) // SAMPLE)
    return [MAIL / r for r in rows[::step]][:SAMPLE]


def spamassassin_ratio(files: list[Path], in_process: float | None) -> None:
    if not (shutil.which("spamd") and shutil.which("spamc")):
        print("\nSpamAssassin: not installed (apt-get install spamassassin): no ratio printed")
        return
    if not MAIL.is_dir():
        print(f"\nSpamAssassin comparison: SKIPPED ({MAIL} is absent)")
        return
    port = free_port()
    conf = Path(tempfile.mkdtemp())
    # The site config holds the .pre files that load SpamAssassin's plugins: start from Debian's.
    if Path("/etc/spamassassin").is_dir():
        shutil.copytree("/etc/spamassassin", conf, dirs_exist_ok=True)
    with (conf / "local.cf").open("a") as cf:
        cf.write("\nuse_bayes 0\nbayes_auto_learn 0\nskip_rbl_checks 1\nuse_razor2 0\nuse_pyzor 0\n")
    spamd = subprocess.Popen(
        ["spamd", "-L", "-i", "127.0.0.1", "-p", str(port), "--siteconfigpath", str(conf), "-m", "1",
         "--syslog=stderr", "-u", "nobody" if os.geteuid() == 0 else os.getlogin()],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 120
        while subprocess.run(["spamc", "-p", str(port), "-K"], capture_output=True).returncode != 0:
            if time.time() > deadline or spamd.poll() is not None:
                print("\nSpamAssassin: spamd did not start: no ratio printed")
                return
            time.sleep(0.5)
        for f in files[:3]:  # warm up
            subprocess.run(["spamc", "-p", str(port), "-c"], stdin=f.open("rb"), capture_output=True)
        start = time.perf_counter()
        for f in files:
            with f.open("rb") as fh:
                subprocess.run(["spamc", "-p", str(port), "-c"], stdin=fh, capture_output=True)
        sa_secs = time.perf_counter() - start
    finally:
        spamd.terminate()
        spamd.wait()
        shutil.rmtree(conf, ignore_errors=True)
    cli = ROOT / "target" / "release" / "mailhint"
    start = time.perf_counter()
    subprocess.run([str(cli), "check", "--format", "json", *map(str, files)], capture_output=True)
    ours_secs = time.perf_counter() - start
    sa_rate, cli_rate = len(files) / sa_secs, len(files) / ours_secs
    print(f"\n== the same {len(files)} messages")
    print(f"SpamAssassin, warm spamd, one spamc per message (-L, Bayes off): {sa_rate:8.1f} messages/s")
    if in_process:
        print(f"mailhint, warm engine, in-process:                              {in_process:8.1f} messages/s")
        print(f"throughput ratio, warm against warm:                            {in_process / sa_rate:8.0f}x")
    print(f"mailhint CLI, one cold process for all (start-up included):     {cli_rate:8.1f} messages/s")
    print(f"throughput ratio, cold CLI against warm spamd:                  {cli_rate / sa_rate:8.0f}x")


def extension_bench() -> None:
    """Runs the extension benchmark in Chromium, when Chromium, node and playwright-core are here."""
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        print(f"\n== the extension in Chromium: SKIPPED (Chromium is not installed at {chromium}; ./build.sh setup installs it)")
        return
    if not shutil.which("node"):
        print("\n== the extension in Chromium: SKIPPED (node is not installed)")
        return
    if not (ROOT / "node_modules" / "playwright-core").is_dir():
        print("\n== the extension in Chromium: SKIPPED (playwright-core is missing: run npm ci at the repository root)")
        return
    if not (ROOT / "extension" / "pkg" / "mailhint_bg.wasm").is_file():
        print("\n== the extension in Chromium: SKIPPED (no wasm in extension/pkg: run ./build.sh wasm)")
        return
    # dist/chrome from the current extension/ and wasm (seconds; it only copies files).
    subprocess.run([sys.executable, str(ROOT / "tests" / "tools" / "assemble_dist.py")], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    sys.stdout.flush()
    try:
        # The script has its own watchdog; this is the last resort.
        subprocess.run(["node", str(ROOT / "tests" / "bench" / "extension-bench.mjs")], cwd=ROOT, timeout=240)
    except subprocess.TimeoutExpired:
        print("the extension benchmark did not finish within 240 s: stopped")


if __name__ == "__main__":
    sample = sample_files() if MAIL.is_dir() else []
    rate = rust_bench(sample)
    spamassassin_ratio(sample, rate)
    extension_bench()
    sys.exit(0)
