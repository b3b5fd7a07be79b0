#!/usr/bin/env python3
"""The fuzzing table from libFuzzer's logs (one per target, as ./build.sh fuzz writes them).

    tests/fuzz/summary.py LOG_DIR [TARGET...]

prints, per target: executions, minutes, executions per second, the final coverage (`cov`:
edges, `ft`: features, from the last status line), corpus size, where the last new edge was
found (as a share of the executions: the coverage plateaued over the rest), how many edges the
second half of the executions added (0, or a few against thousands, is a plateau), and the
crash, timeout or out-of-memory with the input libFuzzer wrote for it.
"""
import re
import sys
from pathlib import Path


def read(log: Path) -> dict:
    text = log.read_text(errors="replace")
    row = {"target": log.stem, "execs": 0, "seconds": 0, "exec/s": 0, "cov": 0, "ft": 0, "corp": 0, "result": "ok"}
    last_edge_at = 0
    series = []
    # One process: "#N  NEW    cov: …"; -fork=N: "#N: cov: … time: Ts job: J".
    for m in re.finditer(r"^#(\d+)(?::|\s+\S+)\s+cov: (\d+) ft: (\d+) corp: (\d+)", text, re.M):
        execs, cov, row["ft"], row["corp"] = (int(g) for g in m.groups())
        if cov > row["cov"]:
            last_edge_at = execs
        row["execs"], row["cov"] = execs, cov
        series.append((execs, cov))
    half = next((cov for execs, cov in series if execs >= row["execs"] / 2), row["cov"])
    row["2nd half"] = f"+{row['cov'] - half}"
    if m := re.search(r"^stat::number_of_executed_units:\s+(\d+)", text, re.M):
        row["execs"] = int(m.group(1))
    if m := re.search(r"^stat::average_exec_per_sec:\s+(\d+)", text, re.M):
        row["exec/s"] = int(m.group(1))
    row["last edge"] = f"{100 * last_edge_at // row['execs']}%" if row["execs"] else "-"
    if m := re.search(r"^Done \d+ runs in (\d+) second", text, re.M):
        row["seconds"] = int(m.group(1))
    elif m := re.search(r"^INFO: exiting: \d+ time: (\d+)s", text, re.M):
        row["seconds"] = int(m.group(1))
        row["exec/s"] = row["execs"] // max(row["seconds"], 1)
    elif row["exec/s"]:
        row["seconds"] = row["execs"] // row["exec/s"]
    kinds = [("ALARM: working on the last Unit", "TIMEOUT"), ("out-of-memory", "OOM"), ("deadly signal", "CRASH"),
             ("panicked at", "CRASH")]
    failure = next((kind for needle, kind in kinds if needle in text), None)
    artifact = re.search(r"Test unit written to (\S+)", text)
    if failure or artifact:
        row["result"] = f"{failure or 'CRASH'} {artifact.group(1) if artifact else '(no input written)'}"
        if m := re.search(r"panicked at (.+?):\n(.+)", text):
            row["result"] += f"\n    panicked at {m.group(1)}: {m.group(2).strip()}"
    elif not re.search(r"^(Done \d+ runs|INFO: exiting: 0 )", text, re.M):
        row["result"] = "DID NOT FINISH (see the log)"
    return row


def main() -> None:
    folder = Path(sys.argv[1])
    targets = sys.argv[2:] or sorted(p.stem for p in folder.glob("*.log"))
    rows = [read(folder / f"{t}.log") for t in targets if (folder / f"{t}.log").is_file()]
    print(f"{'target':<16} {'executions':>11} {'minutes':>7} {'exec/s':>7} {'cov':>6} {'ft':>7} {'corpus':>6} {'last edge':>9} {'2nd half':>8}  result")
    for r in rows:
        print(f"{r['target']:<16} {r['execs']:>11} {r['seconds'] / 60:>7.1f} {r['exec/s']:>7} {r['cov']:>6} "
              f"{r['ft']:>7} {r['corp']:>6} {r['last edge']:>9} {r['2nd half']:>8}  {r['result']}")
    total = sum(r["execs"] for r in rows)
    print(f"{'total':<16} {total:>11} {sum(r['seconds'] for r in rows) / 60:>7.1f}")


if __name__ == "__main__":
    main()
