#!/usr/bin/env python3
"""mailhint's DMARC report reader against parsedmarc, file by file, on the real samples
(../shared/corpus/dmarc-reports).

    tests/dmarc/compare_parsedmarc.py [MAILHINT_BIN]

Runs `parsedmarc --offline FILE` (its CLI, as users run it; TZ=UTC, since it prints local
times) and `mailhint dmarc-report --offline --format json FILE` on every sample, and compares per
report: report id, org, begin/end dates, schema, errors, the published policy, and per record
the source IP, count, disposition, DKIM/SPF evaluated, override reasons, header_from,
envelope_from/to and every auth result. Exits 1 on any difference.

parsedmarc normalises a few things; the expected values below apply the same rules, each named
where it is applied, so that a difference is a real one:
  * org_name: empty -> the domain of the report's email; without spaces -> its base domain
    (`protection.outlook.com` -> `outlook.com`), with parsedmarc's own PSL function.
  * policy: adkim/aspf default to `r`, sp to p.
  * records: a report spanning more than 24 hours is split by parsedmarc into daily buckets
    (counts spread over days), so records are compared as sums by identical content.
  * auth results: a missing DKIM selector is `none`, a missing SPF scope `mfrom`; a missing
    envelope_from is the last SPF result's domain.

Where parsedmarc accepts what we refuse, the decision and its reason (EXPECTED_ERRORS):
  * invalid_xml.xml (`<email><bad-xml@bad-xml.net></email>`, `bad<xml.net`): parsedmarc
    re-parses with lxml's recover mode and returns what survived: org_email
    "@bad-xml.net>", header_from "". Those are not the receiver's values; a figure built on
    them would be wrong without saying so. We give DMARC-XML with the line and column.
  * invalid_utf_8.xml (a stray 0x91 byte in header_from): parsedmarc decodes with
    errors="ignore" and reports header_from "bad_byte", a domain the receiver never saw. We
    give DMARC-NOT-UTF8 with the place.
  * aggregate_invalid/report_with_upper_cased_pass.xml (`Pass`, `None`): the schema's tokens
    are lowercase, but the meaning is unambiguous; both read it as lowercase (we add a note,
    DMARC-CASE-NORMALISED, to the file's status). Its figures must match.
  * ikea.com!example.de!... (`<xs:schema ...>` start tag, never closed, before `<feedback>`):
    both pass over the wrapper (parsedmarc strips it with a regex). Its figures must match.
"""

import collections
import concurrent.futures
import datetime
import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXPECTED_ERRORS = {
    "aggregate/invalid_xml.xml": "DMARC-XML",
    "aggregate/invalid_utf_8.xml": "DMARC-NOT-UTF8",
}


def corpus_dir():
    env = os.environ.get("MAILHINT_SHARED")
    candidates = [pathlib.Path(env)] if env else [ROOT / "../shared", ROOT / "../../shared"]
    for base in candidates:
        d = base / "corpus/dmarc-reports"
        if d.is_dir():
            return d.resolve()
    return None


def parsedmarc_bin():
    env = os.environ.get("PARSEDMARC")
    candidates = [env] if env else [str(ROOT / "target/parsedmarc-venv/bin/parsedmarc"), "parsedmarc"]
    for c in candidates:
        try:
            subprocess.run([c, "--version"], capture_output=True, check=True, timeout=60)
            return c
        except (OSError, subprocess.SubprocessError):
            continue
    return None


def base_domain(name):
    """parsedmarc's own base-domain function (its PSL and overrides), when importable."""
    try:
        from parsedmarc.utils import get_base_domain
    except ImportError:  # not run with parsedmarc's Python: leave the name as it is
        return name
    return get_base_domain(name) or name


def expected_org(meta):
    org = meta["org_name"] or meta["email"].split("@")[-1]
    if org and " " not in org:
        org = base_domain(org)
    return org


def utc(seconds):
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def low(s):
    return s.lower() if isinstance(s, str) else s


def none_if_empty(s):
    return s if s else None


def record_key_ours(r):
    envelope_from = r["envelope_from"]
    if envelope_from is None and r["spf_results"]:
        envelope_from = r["spf_results"][-1]["domain"]  # parsedmarc's backfill
    return json.dumps(
        {
            "ip": r["source_ip"],
            "disposition": r["disposition"],
            "dkim": r["dkim"],
            "spf": r["spf"],
            "reasons": [{"type": none_if_empty(x["type"]), "comment": x["comment"]} for x in r["reasons"]],
            "header_from": low(r["header_from"]),
            "envelope_from": low(envelope_from),
            "envelope_to": low(r["envelope_to"]),
            "dkim_results": [
                [low(d["domain"]), d["selector"] or "none", d["result"], d["human_result"]] for d in r["dkim_results"]
            ],
            "spf_results": [
                [low(s["domain"]), s["scope"] or "mfrom", s["result"], s["human_result"]] for s in r["spf_results"]
            ],
        },
        sort_keys=True,
    )


def record_key_theirs(r):
    pe = r["policy_evaluated"]
    ids = r["identifiers"]
    return json.dumps(
        {
            "ip": r["source"]["ip_address"],
            "disposition": pe["disposition"],
            "dkim": pe["dkim"],
            "spf": pe["spf"],
            "reasons": [{"type": x.get("type"), "comment": x.get("comment")} for x in pe["policy_override_reasons"]],
            "header_from": low(ids["header_from"]),
            "envelope_from": low(ids["envelope_from"]),
            "envelope_to": low(ids["envelope_to"]),
            "dkim_results": [
                [low(d["domain"]), d["selector"], d["result"], d["human_result"]] for d in r["auth_results"]["dkim"]
            ],
            "spf_results": [
                [low(s["domain"]), s["scope"], s["result"], s["human_result"]] for s in r["auth_results"]["spf"]
            ],
        },
        sort_keys=True,
    )


def sums(records, key):
    out = collections.Counter()
    for r in records:
        out[key(r)] += r["count"]
    return out


def compare_report(ours, theirs):
    diffs = []

    def same(what, a, b):
        if a != b:
            diffs.append(f"{what}: ours {a!r}, parsedmarc {b!r}")

    m, tm = ours["metadata"], theirs["report_metadata"]
    same("report_id", m["report_id"], tm["report_id"])
    same("org_name", expected_org(m), tm["org_name"])
    same("email", m["email"], tm["org_email"])
    same("begin", utc(m["begin"]), tm["begin_date"])
    same("end", utc(m["end"]), tm["end_date"])
    # parsedmarc puts its own XML recovery messages ("Invalid XML: …", here for IKEA's unclosed
    # wrapper) among the receiver's <error> elements; only the receiver's are compared.
    same("errors", m["errors"], [e for e in tm["errors"] if not e.startswith("Invalid XML:")])
    same("schema", ours["version"] or "draft", theirs["xml_schema"])
    p, tp = ours["policy"], theirs["policy_published"]
    same("policy domain", p["domain"], low(tp["domain"]))
    same("adkim", p["adkim"] or "r", tp["adkim"])
    same("aspf", p["aspf"] or "r", tp["aspf"])
    same("p", p["p"], tp["p"])
    same("sp", p["sp"] or p["p"], tp["sp"])
    for field in ("pct", "fo", "np", "testing", "discovery_method"):
        same(field, p[field], tp[field])
    a, b = sums(ours["records"], record_key_ours), sums(theirs["records"], record_key_theirs)
    if a != b:
        for k in sorted(set(a) | set(b)):
            if a[k] != b[k]:
                diffs.append(f"record {k}: ours {a[k]} messages, parsedmarc {b[k]}")
    return diffs


def run(cmd):
    env = dict(os.environ, TZ="UTC")
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)


def main():
    corpus = corpus_dir()
    if corpus is None:
        print("SKIPPED: the DMARC report corpus (../shared/corpus/dmarc-reports) is absent")
        return 0
    parsedmarc = parsedmarc_bin()
    if parsedmarc is None:
        print("SKIPPED: parsedmarc is not installed (./build.sh setup installs it in target/parsedmarc-venv)")
        return 0
    mailhint = sys.argv[1] if len(sys.argv) > 1 else None
    if mailhint is None:
        # The newer of the release and debug builds.
        built = [c for c in (ROOT / "target/release/mailhint", ROOT / "target/debug/mailhint") if c.is_file()]
        if built:
            mailhint = str(max(built, key=lambda c: c.stat().st_mtime))
    if mailhint is None:
        print("no mailhint binary: cargo build -p mailhint-cli first", file=sys.stderr)
        return 2
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.parent != corpus)

    def both(path):
        theirs = run([parsedmarc, "--offline", "--no-prettify-json", str(path)])
        ours = run([mailhint, "dmarc-report", "--offline", "--format", "json", str(path)])
        return path, theirs, ours

    failures = 0
    totals = collections.Counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(both, files))
    for path, theirs, ours in results:
        name = str(path.relative_to(corpus))
        if ours.returncode != 0:
            print(f"FAIL {name}: mailhint exited {ours.returncode}: {ours.stderr.strip()}")
            failures += 1
            continue
        out = json.loads(ours.stdout)
        entry = out["files"][0]
        try:
            their_reports = json.loads(theirs.stdout)["aggregate_reports"] if theirs.returncode == 0 else []
        except json.JSONDecodeError:
            their_reports = []
        if name in EXPECTED_ERRORS:
            want = EXPECTED_ERRORS[name]
            if entry.get("code") == want and entry.get("error"):
                totals["refused"] += 1
                print(f"ok   {name}: refused as decided ({want}: {entry['error']}); parsedmarc "
                      f"{'read it' if their_reports else 'refused it too'}")
            else:
                print(f"FAIL {name}: expected the error {want}, got {entry.get('code')!r}")
                failures += 1
            continue
        if entry.get("error"):
            print(f"FAIL {name}: mailhint refused it ({entry['error']}); parsedmarc "
                  f"{'read it' if their_reports else 'refused it too'}")
            failures += 1
            continue
        reports = entry["reports"]
        if len(reports) != len(their_reports):
            print(f"FAIL {name}: {len(reports)} reports, parsedmarc {len(their_reports)}")
            failures += 1
            continue
        diffs = []
        for a, b in zip(reports, their_reports):
            diffs += compare_report(a, b)
        rows = sum(len(r["records"]) for r in reports)
        messages = sum(x["count"] for r in reports for x in r["records"])
        their_messages = sum(x["count"] for r in their_reports for x in r["records"])
        if messages != their_messages:
            diffs.append(f"messages: ours {messages}, parsedmarc {their_messages}")
        totals["files"] += 1
        totals["rows"] += rows
        totals["messages"] += messages
        totals["their_messages"] += their_messages
        if diffs:
            failures += 1
            print(f"FAIL {name}:")
            for d in diffs[:20]:
                print(f"       {d}")
        else:
            notes = f" (notes: {'; '.join(entry['notes'])})" if entry.get("notes") else ""
            print(f"ok   {name}: {len(reports)} report(s), {rows} rows, {messages} messages, same as parsedmarc{notes}")
    print(
        f"\n{totals['files']} files read by both with the same figures: {totals['rows']} rows, "
        f"{totals['messages']} messages (parsedmarc {totals['their_messages']}); "
        f"{totals['refused']} refused as decided; {failures} failure(s)"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
