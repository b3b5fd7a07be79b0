#!/usr/bin/env python3
"""What mailhint and checkdmarc decide about the same domains, verdict by verdict.

For every domain-check fixture domain (crates/mailhint-core/tests/domain-fixtures/<CODE>/
{trigger,pass}.zone, with world.zone), served by the local BIND of tests/dns/start.sh, this runs
`mailhint domain --format json` through the BIND's DoH front (dnsdist) and checkdmarc's Python
API (`check_domains`) against the same BIND over plain DNS, then compares what both decide:

  SPF       record found / none / several; valid or not (which permerror); DNS lookups; void lookups
  DMARC     record found (and where); valid; a record misplaced at the apex; effective p, sp and
            np; rua/ruf destinations that have not authorised the reports
  MX        the hosts found (null MX included); hosts without A/AAAA
  MTA-STS   record and policy valid; TLS-RPT valid (mailhint checks it only with MTA-STS)
  BIMI      record found; logo usable as SVG Tiny-PS (the certificate is not compared: mailhint
            does not fetch it)

Known peculiarities of the fixture set are printed as notes: zones BIND refuses (left out) and
names two fixture files define differently (the one BIND serves both).

It prints, per aspect, the domains compared, agreements and disagreements, and lists each
disagreement with both verdicts and who is right per the RFC where the script can tell.

Both tools get the same HTTPS content: mailhint through `--https-dir <fixture>/<kind>.https`,
checkdmarc through `requests.Session.get` answered from the same directory (any other URL:
connection refused, as mailhint's `--https-dir` answers it). Nothing leaves the machine: the BIND
is authoritative for the root and answers NXDOMAIN for names outside the fixtures.

Usage:
  tests/bench/domain_peer.py [--only TEXT] [--verbose] [--json FILE] [--no-build]

  --only TEXT   only fixture domains containing TEXT (e.g. --only spf-)
  --verbose     print both tools' verdicts for every domain
  --json FILE   also write both tools' verdicts for every domain as JSON
  --no-build    use target/release/mailhint as it is (default: cargo build --release first)

Environment, as tests/dns/start.sh reads it: MAILHINT_DNS_STATE (target/dns), MAILHINT_DNS_PORT
(5353: checkdmarc asks BIND there directly), MAILHINT_DOH_PORT (8054), MAILHINT_DNSDIST_PORT
(5354). The servers are started (idempotent) and stopped at the end only if this script
started them. Without checkdmarc (`pip install checkdmarc`) or BIND it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "crates/mailhint-core/tests/domain-fixtures"
STATE = Path(os.environ.get("MAILHINT_DNS_STATE", ROOT / "target/dns"))
DNS_PORT = int(os.environ.get("MAILHINT_DNS_PORT", "5353"))
MAILHINT = Path(os.environ.get("MAILHINT", ROOT / "target/release/mailhint"))


def skip(reason: str) -> None:
    """Says why there is no comparison and exits 0: a missing peer is not a failure."""
    print(f"domain_peer: {reason} - no comparison (skipped)")
    sys.exit(0)


# --- the fixture domains -------------------------------------------------------------------------


@dataclass
class FixtureDomain:
    """One fixture zone's domain: `;@ domain` if the zone names one, else <kind>.<code>.test."""

    code: str
    kind: str
    name: str
    zone: Path
    https_dir: Path | None


def fixture_domains() -> list[FixtureDomain]:
    """Every trigger/pass zone's domain, as tests/bench/domain.sh lists them, minus the zones
    whose failures are `;!` pragmas (servfail/timeout) that BIND cannot play."""
    domains = []
    for zone in sorted(FIXTURES.glob("*/*.zone")):
        kind = zone.stem
        if kind not in ("trigger", "pass"):
            continue
        text = zone.read_text()
        if re.search(r"^\s*;!", text, re.M):
            continue
        named = re.search(r"^\s*;@\s*domain\s+(\S+)", text, re.M)
        code = zone.parent.name
        name = named.group(1) if named else f"{kind}.{code.lower()}.test"
        https = zone.parent / f"{kind}.https"
        domains.append(FixtureDomain(code, kind, name, zone, https if https.is_dir() else None))
    return domains


def names_fixtures_share(domains: list[FixtureDomain]) -> dict[str, list[str]]:
    """Owner names that two fixture files define differently. The fixture tests load one zone
    (plus world.zone) at a time; the one BIND serves them all together, so such a name answers
    with both files' records, and its domains are not what their fixtures mean."""
    records: dict[str, dict[str, set[str]]] = {}
    for d in domains:
        for line in d.zone.read_text().splitlines():
            match = re.match(r"^([^\s;$]\S*)\s+(?:\d+\s+)?(?:IN\s+)?([A-Z]+)\s+(.*)$", line)
            if match:
                owner = match.group(1).lower()
                fixture = f"{d.code}/{d.kind}"
                records.setdefault(owner, {}).setdefault(fixture, set()).add(" ".join(match.group(2, 3)))
    return {
        owner: sorted(by_file)
        for owner, by_file in records.items()
        if len(by_file) > 1 and len({frozenset(r) for r in by_file.values()}) > 1
    }


# --- the servers ---------------------------------------------------------------------------------


def servers_running() -> bool:
    def alive(pid_file: Path) -> bool:
        try:
            os.kill(int(pid_file.read_text().strip()), 0)
            return True
        except (OSError, ValueError):
            return False

    return alive(STATE / "named.pid") and alive(STATE / "dnsdist.pid")


def start_servers() -> tuple[str, bool]:
    """Starts BIND + dnsdist over every fixture (idempotent): the DoH URL, and whether this call
    started them (then they are stopped at the end)."""
    for tool in ("named", "dnsdist"):
        if not (shutil.which(tool) or Path(f"/usr/sbin/{tool}").exists()):
            skip(f"{tool} is not installed (apt-get install -y bind9 dnsdist)")
    was_running = servers_running()
    run = subprocess.run([ROOT / "tests/dns/start.sh"], capture_output=True, text=True)
    if run.returncode != 0:
        sys.stderr.write(run.stderr)
        skip("the local BIND/dnsdist did not start (tests/dns/start.sh failed, above)")
    return run.stdout.strip().splitlines()[-1], not was_running


def served_zones() -> set[Path]:
    """The zone files BIND actually loaded (start.sh leaves out those it refuses)."""
    listing = STATE / "zones.txt"
    return {Path(line) for line in listing.read_text().split()} if listing.exists() else set()


def stop_servers() -> None:
    subprocess.run([ROOT / "tests/dns/stop.sh"], capture_output=True)


# --- running the tools ---------------------------------------------------------------------------


def run_mailhint(domain: FixtureDomain, url: str, empty_dir: Path) -> dict:
    """`mailhint domain --format json` over DoH, HTTPS from the fixture's folder."""
    args = [str(MAILHINT), "domain", "--format", "json", "--resolver", url, "--validating-resolver", "no"]
    args += ["--https-dir", str(domain.https_dir or empty_dir), domain.name]
    run = subprocess.run(args, capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        raise RuntimeError(f"mailhint failed on {domain.name}: {run.stderr.strip()}")
    return json.loads(run.stdout)


class FixtureHttps:
    """checkdmarc's HTTPS GETs answered from the fixtures' `<kind>.https/<host>/<path>` files,
    as mailhint's `--https-dir` answers them: 200 with a type by extension, else refused."""

    def __init__(self, domains: list[FixtureDomain]):
        self.dirs = [d.https_dir for d in domains if d.https_dir]

    def get(self, url: str):
        import requests

        match = re.match(r"https://([^/?#]+)(/[^?#]*)?", url)
        if match:
            host, path = match.group(1).lower(), (match.group(2) or "/").lstrip("/")
            for base in self.dirs:
                file = base / host / path
                if path and ".." not in path.split("/") and file.is_file():
                    response = requests.Response()
                    response.status_code = 200
                    response.url = url
                    response._content = file.read_bytes()
                    kind = {".svg": "image/svg+xml", ".pem": "application/x-pem-file"}.get(file.suffix, "text/plain")
                    response.headers["Content-Type"] = kind
                    response.encoding = "utf-8"
                    return response
        raise requests.ConnectionError(f"connection refused (no fixture file for {url})")

    def install(self) -> None:
        import requests

        answer = self.get
        requests.Session.get = lambda session, url, *args, **kwargs: answer(url)  # type: ignore[method-assign]


def run_checkdmarc(domain: FixtureDomain, nameserver) -> dict:
    """checkdmarc's whole check of one domain (no SMTP/TLS probes: `check_mx_tls` is off by
    default in 6.x), against the same BIND over plain DNS."""
    import checkdmarc

    result = checkdmarc.check_domains([domain.name], nameservers=[nameserver], timeout=2.0, retries=1)
    return json.loads(checkdmarc.results_to_json(result))


# --- verdicts ------------------------------------------------------------------------------------
# Each tool's answers are read into the same small vocabulary, aspect by aspect. None means the
# tool does not decide that aspect for this domain (not checked, or nothing to decide).

SPF_PERMERRORS = {
    "SPF-MISSING": "missing",
    "SPF-MULTIPLE": "multiple",
    "SPF-SYNTAX": "syntax",
    "SPF-MACRO-SYNTAX": "syntax",
    "SPF-INCLUDE-BROKEN": "include",
    "SPF-LOOKUPS-EXCEEDED": "lookups",
    "SPF-MX-TOO-MANY": "mx-limit",
    "SPF-VOID-LOOKUPS": "void",
}


def checkdmarc_spf_error_kind(error: str) -> str:
    """checkdmarc's SPF error text (its exception message) as one word."""
    rules = [
        (r"include target", "include"),
        (r"does not exist", "missing"),
        (r"multiple SPF", "multiple"),
        (r"void DNS lookups", "void"),
        (r"has more than 10 MX records", "mx-limit"),
        (r"maximum DNS lookups", "lookups"),
        (r"loop", "loop"),
    ]
    return next((kind for pattern, kind in rules if re.search(pattern, error, re.I)), "syntax")


def problems(report: dict, *codes: str) -> list[dict]:
    return [f for f in report["findings"] if f["code"] in codes and f["status"] == "problem"]


def facts(report: dict, group: str, label: str) -> list[str]:
    return [f["value"] for f in report["facts"] if f["group"] == group and f["label"] == label]


def ours(report: dict) -> dict:
    """mailhint's verdicts."""
    v: dict = {}
    tree = report.get("spf")
    root_state = tree["root"]["state"] if tree else None
    if any(f["code"] == "SPF-MISSING" and f["status"] == "unknown" for f in report["findings"]):
        v["spf.record"] = "lookup failed"
    elif root_state in ("valid", "invalid") or (tree is None and facts(report, "spf", "record")):
        v["spf.record"] = "one"
    elif root_state == "multiple" or problems(report, "SPF-MULTIPLE"):
        v["spf.record"] = "several"
    else:
        v["spf.record"] = "none"
    errors = sorted({SPF_PERMERRORS[f["code"]] for f in problems(report, *SPF_PERMERRORS)})
    v["spf.valid"] = "invalid (" + ", ".join(errors) + ")" if errors else "valid"
    v["spf.valid.why"] = " ".join(f["message"] for f in problems(report, *SPF_PERMERRORS))
    if tree and v["spf.record"] == "one":
        v["spf.lookups"] = tree["lookups"]
        v["spf.void"] = tree["void_lookups"]

    view = (report.get("dmarc") or {}).get("rfc9989") or {}
    dmarc_errors = problems(report, "DMARC-MISSING", "DMARC-MULTIPLE", "DMARC-SYNTAX", "DMARC-WRONG-LOCATION")
    if view.get("unknown"):
        v["dmarc.record"] = "lookup failed"
    elif view.get("record"):
        v["dmarc.record"] = f"at {view['policy_domain']}"
    elif problems(report, "DMARC-MULTIPLE"):
        v["dmarc.record"] = "several"
    elif problems(report, "DMARC-SYNTAX"):
        v["dmarc.record"] = "broken"
    else:
        v["dmarc.record"] = "none"
    v["dmarc.valid"] = "invalid (" + ", ".join(sorted(f["code"] for f in dmarc_errors)) + ")" if dmarc_errors else "valid"
    v["dmarc.valid.why"] = " ".join(f["message"] for f in dmarc_errors + problems(report, "DMARC-RUA-INVALID"))
    v["dmarc.apex"] = "noticed" if problems(report, "DMARC-WRONG-LOCATION") else "none seen"
    if view.get("record"):
        v["dmarc.p"] = view.get("p")
        v["dmarc.sp"] = view.get("sp")
        v["dmarc.np"] = view.get("np")
        v["dmarc.reports"] = unauthorised_destinations_ours(report)

    v["mx.hosts"] = ", ".join(sorted(facts(report, "mx", "mx"), key=mx_sort_key)) or "none"
    no_address = [re.sub(r"^MX host (\S+) .*", r"\1", f["message"]) for f in problems(report, "MX-NO-ADDRESS")]
    # An IP address as the MX value is a name without addresses to checkdmarc; mailhint says why.
    no_address += [m.group(1) for f in problems(report, "MX-TARGET-IP") if (m := re.search(r"\(([^)]+)\)", f["message"]))]
    v["mx.no-address"] = ", ".join(sorted(no_address)) or "none"

    sts_record = facts(report, "transport-security", "mta-sts")
    sts_invalid = problems(report, "MTA-STS-INVALID")
    if sts_record or sts_invalid:
        v["mta-sts.valid"] = "invalid" if sts_invalid else "valid"
        v["mta-sts.valid.why"] = " ".join(f["message"] for f in sts_invalid)
        tlsrpt = problems(report, "TLSRPT-INVALID-OR-MISSING")
        if tlsrpt:
            v["tls-rpt.valid"] = "none" if "no record at" in tlsrpt[0]["message"] else "invalid"
            v["tls-rpt.valid.why"] = tlsrpt[0]["message"]
        elif facts(report, "transport-security", "tls-rpt"):
            v["tls-rpt.valid"] = "valid"
    else:
        v["mta-sts.valid"] = "none"

    bimi_record = facts(report, "bimi", "record")
    bimi_invalid = problems(report, "BIMI-INVALID")
    v["bimi.record"] = "found" if bimi_record else ("several" if bimi_invalid else "none")
    if bimi_record and not any(f["code"] == "BIMI-INVALID" and f["status"] == "unknown" for f in report["findings"]):
        # The finding lists every reason in one message; those about the SVG are the logo's.
        detail = bimi_invalid[0]["message"] if bimi_invalid else ""
        logo = [part for part in re.split(r"[:;] ", detail) if re.match(r"the (SVG|logo)\b", part)]
        v["bimi.logo"] = "unusable" if logo else "usable"
        v["bimi.logo.why"] = "; ".join(logo)
    return v


def unauthorised_destinations_ours(report: dict) -> str:
    found = []
    for f in problems(report, "DMARC-RUA-UNAUTHORIZED"):
        m = re.match(r"(\S+) has not authorised", f["message"])
        found.append(m.group(1) if m else f["message"])
    return "not authorised: " + ", ".join(sorted(set(found))) if found else "all authorised"


def mx_sort_key(entry: str):
    pref, _, host = entry.partition(" ")
    return (int(pref) if pref.isdigit() else 0, host)


def theirs(result: dict) -> dict:
    """checkdmarc's verdicts."""
    v: dict = {}
    spf = result["spf"]
    error = spf.get("error") or ""
    if spf.get("record"):
        v["spf.record"] = "one"
    elif "multiple SPF" in error:
        v["spf.record"] = "several"
    elif re.search(r"does not exist", error):
        v["spf.record"] = "none"
    else:
        v["spf.record"] = "lookup failed: " + error
    kind = checkdmarc_spf_error_kind(error)
    if v["spf.record"] == "one" and kind in ("missing", "loop"):
        # The domain's own record was found: what is missing (checkdmarc then says "The domain does
        # not exist.") or loops is an include/redirect target, SPF-INCLUDE-BROKEN's ground.
        kind = "include"
    v["spf.valid"] = "valid" if spf["valid"] else f"invalid ({kind})"
    v["spf.valid.why"] = error
    if v["spf.record"] == "one":
        v["spf.lookups"] = spf.get("dns_lookups")
        v["spf.void"] = spf.get("void_dns_lookups")

    dmarc = result["dmarc"]
    derror = dmarc.get("error") or ""
    if dmarc.get("record"):
        v["dmarc.record"] = f"at {dmarc.get('location')}"
    elif "does not exist" in derror:
        v["dmarc.record"] = "none"
    elif re.search(r"^Multiple DMARC", derror):
        v["dmarc.record"] = "several"
    elif re.search(r"Unrelated TXT|syntax|wrong location|not a valid|starts with whitespace", derror, re.I):
        v["dmarc.record"] = "broken"
    else:
        v["dmarc.record"] = "lookup failed: " + derror
    v["dmarc.valid"] = "valid" if dmarc["valid"] else "invalid"
    v["dmarc.valid.why"] = derror
    at_apex = "must be located at" in derror or any("at the root of" in w for w in dmarc.get("warnings", []))
    v["dmarc.apex"] = "noticed" if at_apex else "none seen"
    tags = dmarc.get("tags") or {}
    if dmarc.get("record") and tags:
        v["dmarc.p"] = (tags.get("p") or {}).get("value")
        v["dmarc.sp"] = (tags.get("sp") or {}).get("value")
        v["dmarc.np"] = (tags.get("np") or {}).get("value")
        v["dmarc.reports"] = unauthorised_destinations_theirs(dmarc.get("warnings", []))

    mx = result["mx"]
    hosts = [f"{h['preference']} {h['hostname']}" for h in mx.get("hosts", [])]
    v["mx.no-address"] = ", ".join(sorted(h["hostname"] for h in mx.get("hosts", []) if not h.get("addresses"))) or "none"
    if any("null MX record" in w for w in mx.get("warnings", [])):
        hosts.append("0 .")  # RFC 7505: checkdmarc lists no host and says so in a warning
    v["mx.hosts"] = ", ".join(sorted(hosts, key=mx_sort_key)) or "none"
    v["mx.error"] = mx.get("error") or ""

    sts = result["mta_sts"]
    serror = sts.get("error") or ""
    v["mta-sts.valid"] = "valid" if sts["valid"] else ("none" if "does not exist" in serror else "invalid")
    v["mta-sts.valid.why"] = serror
    tls = result["smtp_tls_reporting"]
    terror = tls.get("error") or ""
    v["tls-rpt.valid"] = "valid" if tls["valid"] else ("none" if "does not exist" in terror else "invalid")
    v["tls-rpt.valid.why"] = terror

    bimi = result.get("bimi") or {}
    berror = bimi.get("error") or ""
    if bimi.get("record"):
        v["bimi.record"] = "found"
    else:
        v["bimi.record"] = "none" if "does not exist" in berror else "error: " + berror
    image = bimi.get("image") or {}
    if bimi.get("record") and image:
        logo = ([image["error"]] if "error" in image else []) + image.get("validation_errors", [])
        v["bimi.logo"] = "unusable" if logo else "usable"
        v["bimi.logo.why"] = "; ".join(logo)
    return v


def unauthorised_destinations_theirs(warnings: list[str]) -> str:
    found = sorted({m.group(1) for w in warnings if (m := re.match(r"(\S+) does not indicate that it accepts DMARC reports", w))})
    return "not authorised: " + ", ".join(found) if found else "all authorised"


# --- comparing -----------------------------------------------------------------------------------

# The aspects compared, in the table's order, with how to compare two verdicts.
ASPECTS = [
    ("spf.record", "SPF record found / none / several"),
    ("spf.valid", "SPF valid (permerror kind)"),
    ("spf.lookups", "SPF DNS lookups (of 10)"),
    ("spf.void", "SPF void lookups (of 2)"),
    ("dmarc.record", "DMARC record found (where)"),
    ("dmarc.valid", "DMARC record valid"),
    ("dmarc.apex", "DMARC record misplaced at the apex"),
    ("dmarc.p", "DMARC effective p"),
    ("dmarc.sp", "DMARC effective sp"),
    ("dmarc.np", "DMARC effective np (RFC 9989)"),
    ("dmarc.reports", "DMARC rua/ruf authorisation"),
    ("mx.hosts", "MX hosts"),
    ("mx.no-address", "MX hosts without A/AAAA"),
    ("mta-sts.valid", "MTA-STS record + policy valid"),
    ("tls-rpt.valid", "TLS-RPT valid (with MTA-STS)"),
    ("bimi.record", "BIMI record found"),
    ("bimi.logo", "BIMI logo (SVG Tiny-PS) usable"),
]


def same(aspect: str, a, b) -> bool:
    """Whether two verdicts agree. SPF validity compares valid/invalid and, when both say
    invalid, the kind of permerror; DMARC validity compares valid/invalid only (the tools word
    their errors differently); a missing MTA-STS/BIMI on one side is compared as it is."""
    if aspect == "spf.valid":
        return a == b
    if aspect == "dmarc.valid":
        return a.split(" ")[0] == b.split(" ")[0]
    return a == b


@dataclass
class Disagreement:
    domain: FixtureDomain
    aspect: str
    ours: object
    theirs: object
    why: str


@dataclass
class Tally:
    compared: int = 0
    agreed: int = 0
    disagreements: list[Disagreement] = field(default_factory=list)


def explain(aspect: str, mine: dict, peer: dict, result: dict) -> str:
    """One line on who is right per the RFC, for the disagreements the script recognises."""
    spf_terms = (result["spf"].get("record") or "").lower().split()
    has = lambda mechanism: any(re.fullmatch(rf"[-+~?]?{mechanism}([:/].*)?", t) for t in spf_terms)  # noqa: E731
    if aspect == "spf.lookups" and peer["spf.lookups"] > mine["spf.lookups"] and has("mx"):
        return ("checkdmarc counts the address lookups of the `mx` hosts toward the 10; RFC 7208 §4.6.4 counts "
                "the `mx` term once (its host lookups have their own limit of 10 names): mailhint is right")
    if aspect == "spf.void" and peer["spf.void"] > mine["spf.void"] and has("ptr"):
        return ("checkdmarc looks up A/AAAA at the `ptr` target and counts it void when empty; RFC 7208 §5.5 has `ptr` "
                "look up the client IP's PTR names, unknown without a client: nothing to count statically, mailhint is right")
    if aspect == "spf.void" and peer["spf.void"] < mine["spf.void"] and has("exists"):
        return ("checkdmarc does not count `exists` names that do not exist as void; RFC 7208 §4.6.4 counts every "
                "DNS-querying term answered NXDOMAIN or empty: mailhint is right")
    if aspect == "spf.valid" and "Expected version_tag at position 0" in peer.get("spf.valid.why", ""):
        return ("checkdmarc's grammar wants `v=spf1` in lowercase; RFC 7208 §12 is ABNF, whose literals are "
                "case-insensitive (RFC 5234 §2.3), and §4.6.1 makes names case-insensitive: mailhint is right")
    if aspect == "dmarc.valid" and "report URI" in peer.get("dmarc.valid.why", ""):
        return ("checkdmarc rejects the whole record for one bad report URI; RFC 7489 §6.3 (RFC 9989 keeps it): syntax errors "
                "in the rest of the record are ignored, so receivers still apply p=. mailhint keeps the policy and reports "
                "DMARC-RUA-INVALID: mailhint is right")
    if aspect == "dmarc.record" and "Unrelated TXT" in peer.get("dmarc.valid.why", "") and mine["dmarc.record"].startswith("at "):
        return ("checkdmarc rejects the DMARC record because another TXT record shares _dmarc; RFC 7489 §6.6.3 step 3 "
                "(RFC 9989 §4.10) discards only the records that do not start with v=DMARC1: mailhint is right")
    if aspect == "dmarc.apex" and mine["dmarc.apex"] == "noticed":
        return ("both find no DMARC policy (RFC 9989 §4.10 reads only _dmarc.<name>); checkdmarc looks for a record at "
                "the apex only when _dmarc.<domain> is NODATA (here NXDOMAIN), and drops its 'at the root' warning when "
                "no record is found: mailhint is right to point at the misplaced record")
    return ""


def describe(verdicts: dict, aspect: str) -> str:
    """A verdict with the tool's own words for it, when it gave some."""
    why = verdicts.get(f"{aspect}.why")
    return f"{verdicts[aspect]} - {why}" if why else str(verdicts[aspect])


def compare(domain: FixtureDomain, mine: dict, peer: dict, report: dict, result: dict, tallies: dict) -> None:
    for aspect, _ in ASPECTS:
        a, b = mine.get(aspect), peer.get(aspect)
        if a is None or b is None:
            continue
        tally = tallies[aspect]
        tally.compared += 1
        if same(aspect, a, b):
            tally.agreed += 1
        else:
            why = explain(aspect, mine, peer, result)
            tally.disagreements.append(Disagreement(domain, aspect, describe(mine, aspect), describe(peer, aspect), why))


# --- the report ----------------------------------------------------------------------------------


def print_table(tallies: dict, n_domains: int) -> None:
    print(f"\nmailhint vs checkdmarc over {n_domains} fixture domains: verdicts per aspect\n")
    print(f"{'aspect':<36} {'compared':>8} {'agree':>6} {'disagree':>8}")
    for aspect, title in ASPECTS:
        t = tallies[aspect]
        print(f"{title:<36} {t.compared:>8} {t.agreed:>6} {len(t.disagreements):>8}")
    total = sum(t.compared for t in tallies.values())
    agreed = sum(t.agreed for t in tallies.values())
    print(f"{'all aspects':<36} {total:>8} {agreed:>6} {total - agreed:>8}")


def print_disagreements(tallies: dict) -> None:
    print("\nDisagreements (mailhint | checkdmarc; then who is right where the script can tell)\n")
    any_shown = False
    for aspect, title in ASPECTS:
        for d in tallies[aspect].disagreements:
            any_shown = True
            print(f"- {title}: {d.domain.name} ({d.domain.code}/{d.domain.kind})")
            print(f"    mailhint:   {d.ours}")
            print(f"    checkdmarc: {d.theirs}")
            if d.why:
                print(f"    why: {d.why}")
    if not any_shown:
        print("(none)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="only fixture domains containing TEXT")
    parser.add_argument("--verbose", action="store_true", help="both tools' verdicts for every domain")
    parser.add_argument("--json", type=Path, help="also write every verdict as JSON to FILE")
    parser.add_argument("--no-build", action="store_true", help="do not run cargo build first")
    args = parser.parse_args()

    try:
        import checkdmarc  # noqa: F401
        import dns.nameserver
    except ImportError:
        skip("checkdmarc is not installed (pip install checkdmarc)")
    if not args.no_build:
        subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "mailhint-cli"], cwd=ROOT, check=True)
    if not MAILHINT.exists():
        skip(f"{MAILHINT} is missing (cargo build --release -p mailhint-cli)")

    url, started = start_servers()
    try:
        return compare_all(args, url)
    finally:
        if started:
            stop_servers()


def compare_all(args, url: str) -> int:
    import checkdmarc
    import dns.nameserver

    domains = [d for d in fixture_domains() if args.only in d.name]
    served = served_zones()
    left_out = [d for d in domains if d.zone.resolve() not in served]
    domains = [d for d in domains if d not in left_out]
    for d in left_out:
        print(f"domain_peer: {d.name} left out: BIND refused its zone ({d.zone.relative_to(ROOT)})")
    for owner, fixtures in names_fixtures_share(domains).items():
        print(f"domain_peer: note: {' and '.join(fixtures)} both define {owner} differently; BIND serves both "
              f"sets, so those domains see what neither fixture alone says")
    FixtureHttps(domains).install()
    nameserver = dns.nameserver.Do53Nameserver("127.0.0.1", DNS_PORT)
    print(f"mailhint ({MAILHINT.relative_to(ROOT) if MAILHINT.is_relative_to(ROOT) else MAILHINT}) over DoH at {url}; "
          f"checkdmarc {checkdmarc.__version__} over plain DNS at 127.0.0.1:{DNS_PORT} (the same BIND)")

    tallies = {aspect: Tally() for aspect, _ in ASPECTS}
    rows = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as empty_dir:
        for domain in domains:
            report = run_mailhint(domain, url, Path(empty_dir))
            result = run_checkdmarc(domain, nameserver)
            mine, peer = ours(report), theirs(result)
            compare(domain, mine, peer, report, result, tallies)
            rows.append({"domain": domain.name, "fixture": f"{domain.code}/{domain.kind}", "mailhint": mine, "checkdmarc": peer})
            if args.verbose:
                print(f"\n{domain.name}")
                for aspect, _ in ASPECTS:
                    print(f"  {aspect:<14} {str(mine.get(aspect)):<50} | {peer.get(aspect)}")
    print(f"({len(domains)} domains in {time.monotonic() - started:.0f} s)")
    print_table(tallies, len(domains))
    print_disagreements(tallies)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
