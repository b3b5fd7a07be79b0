#!/usr/bin/env python3
"""Gathers the fuzz targets' seed inputs from the test fixtures and ../shared/corpus.

    tests/fuzz/seeds.py OUT_DIR

writes OUT_DIR/<target>/<sha1> (the names libFuzzer gives corpus files), fresh each run. Nothing
of ../shared is committed: it is read where it lies, and skipped with a note when absent. The
small seeds written by hand live in crates/mailhint-fuzz/seeds/, the crash inputs found in
crates/mailhint-fuzz/regressions/; ./build.sh fuzz hands all three to libFuzzer.
"""
import gzip
import hashlib
import random
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
if not CORPUS.is_dir():
    CORPUS = ROOT.parent.parent / "shared" / "corpus"  # a worktree under /work/wt/
FIXTURES = ROOT / "tests" / "fixtures"
DOMAIN_FIXTURES = ROOT / "crates" / "mailhint-core" / "tests" / "domain-fixtures"
# Large inputs slow every execution down and teach the fuzzer little more than small ones.
MAX_SEED_BYTES = 64 * 1024
# Enough mail to cover the parser's and the rules' paths; all of it would only slow the start.
MAIL_SAMPLE = 400


def write(out: Path, target: str, data: bytes) -> None:
    if len(data) > MAX_SEED_BYTES:
        return
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def files(folder: Path, pattern: str = "*") -> list[Path]:
    return sorted(p for p in folder.rglob(pattern) if p.is_file()) if folder.is_dir() else []


def zone_txt(text: str) -> list[tuple[str, bytes]]:
    """(owner, record) of each TXT line of a zone file, its quoted strings joined."""
    records = []
    for line in text.splitlines():
        m = re.match(r'^(\S+)\s+(?:\d+\s+)?(?:IN\s+)?TXT\s+(.*)$', line)
        if m:
            strings = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(2))
            records.append((m.group(1).lower(), "".join(strings).encode()))
    return records


def spf_suite_records() -> list[bytes]:
    """The SPF records of the RFC 7208 suite's zones (`SPF:` and `TXT:` values)."""
    path = CORPUS / "spf" / "rfc7208-tests.yml"
    if not path.is_file():
        return []
    records = []
    for m in re.finditer(r'-\s+(?:SPF|TXT):\s+(.+)$', path.read_text(errors="replace"), re.M):
        value = m.group(1).strip()
        if value.startswith('"') and value.endswith('"'):
            # YAML double quotes: \xNN escapes and \" as the suite writes them.
            value = value[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
            records.append(value.encode("latin-1", "replace"))
        elif not value.startswith("["):
            records.append(value.encode())
    return [r for r in records if r.lower().startswith(b"v=spf1")]


def dns_reply(qtype: int, answers: list[tuple[int, bytes]], rcode: int = 0) -> bytes:
    """A DNS reply to example.com/qtype with the given (type, rdata) answers, the owner
    compressed to the question's name (offset 12)."""
    header = struct.pack(">HHHHHH", 0x1234, 0x8180 | rcode, 1, len(answers), 0, 0)
    question = b"\x07example\x03com\x00" + struct.pack(">HH", qtype, 1)
    body = b"".join(b"\xc0\x0c" + struct.pack(">HHIH", t, 1, 300, len(rd)) + rd for t, rd in answers)
    return header + question + body


def dns_seeds() -> list[bytes]:
    name = b"\x02mx\x07example\x03com\x00"
    txt = b"\x0dv=spf1 -all x"[:14]
    cases = [
        (1, [(1, bytes([192, 0, 2, 1])), (1, bytes([192, 0, 2, 2]))], 0),
        (28, [(28, bytes(15) + b"\x01")], 0),
        (15, [(15, b"\x00\x0a" + name), (15, b"\x00\x14\xc0\x0c")], 0),
        (16, [(16, txt + b"\x05hello")], 0),
        (5, [(5, name)], 0),
        (12, [(12, name)], 0),
        (2, [(2, name)], 0),
        (6, [(6, name + b"\x05admin\xc0\x0c" + struct.pack(">IIIII", 1, 2, 3, 4, 300))], 0),
        (16, [], 3),  # NXDOMAIN
        (16, [], 2),  # SERVFAIL
    ]
    kinds = {1: 0, 28: 1, 15: 2, 16: 3, 5: 4, 12: 5, 2: 6, 6: 7}  # the target's TYPES order
    return [bytes([kinds[q]]) + dns_reply(q, a, rc) for q, a, rc in cases]


def gather(out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    have_corpus = CORPUS.is_dir()
    if not have_corpus:
        print(f"seeds: {CORPUS} is absent: seeding from the fixtures only", file=sys.stderr)

    # Content: the fixture drafts (JSON and raw) and a sample of real ham and spam.
    for p in files(FIXTURES, "*.json"):
        write(out, "draft_json", p.read_bytes())
    emls = files(FIXTURES, "*.eml") + files(ROOT / "crates" / "mailhint-cli" / "samples")
    mail = files(CORPUS / "mail", "*.eml")
    random.Random(7).shuffle(mail)
    for p in emls + mail[:MAIL_SAMPLE]:
        write(out, "content_raw", p.read_bytes())
    for p in files(FIXTURES / "report", "*.eml") + mail[:MAIL_SAMPLE // 4]:
        write(out, "raw_report", p.read_bytes())

    # Bounces: the fixtures and the Sisimai set (its LF copies; the CRLF/CR ones differ only there).
    for p in files(FIXTURES / "bounces", "*.eml") + files(CORPUS / "bounces" / "bsd") + files(CORPUS / "bounces" / "err"):
        write(out, "bounce", p.read_bytes())

    # DMARC aggregate reports, and gzip copies of the XML ones (the zips and .gz are there).
    for p in files(CORPUS / "dmarc-reports"):
        if p.name not in ("README.md", "LICENSE"):
            write(out, "dmarc_report", p.read_bytes())
            if p.suffix == ".xml":
                write(out, "dmarc_report", gzip.compress(p.read_bytes(), mtime=0))

    # Records: the domain fixtures' zones by owner, and the SPF suite's records.
    for p in files(DOMAIN_FIXTURES, "*.zone"):
        for owner, record in zone_txt(p.read_text(errors="replace")):
            low = record.lower()
            if low.startswith(b"v=spf1"):
                write(out, "record_spf", record)
            elif owner.startswith("_dmarc."):
                write(out, "record_dmarc", record)
            elif "._domainkey." in owner:
                write(out, "record_dkim", record)
            elif owner.startswith("_smtp._tls."):
                write(out, "record_tls_rpt", record)
            elif owner.startswith("default._bimi."):
                write(out, "record_bimi", record + b"\n")
            elif owner.startswith("_mta-sts."):
                write(out, "record_mta_sts", record + b"\n")
    for p in files(DOMAIN_FIXTURES):
        if ".https" in str(p.parent):
            body = p.read_bytes()
            target = "record_bimi" if body.lstrip().startswith(b"<") else "record_mta_sts"
            record = b"v=BIMI1; l=https://example.com/logo.svg" if target == "record_bimi" else b"v=STSv1; id=1"
            write(out, target, record + b"\n" + body)
    suite = spf_suite_records()
    for record in suite:
        write(out, "record_spf", record)
    # spf_eval: no structured records (`\0`), the suite's records as the zone's TXT lines in
    # groups of three (see mailhint_fuzz::fuzzed_zone).
    for i in range(0, len(suite), 3):
        write(out, "spf_eval", b"\0" + b"\n".join(r.replace(b"\n", b" ") for r in suite[i:i + 3]))

    for data in dns_seeds():
        write(out, "dns_wire", data)

    # Address lists: a small synthetic list from the list tests' generator.
    generated = out / "list-generated"
    subprocess.run([sys.executable, str(ROOT / "tests" / "list" / "generate.py"), "20", "60", str(generated)], check=True)
    write(out, "address_list", (generated / "list.csv").read_bytes())
    shutil.rmtree(generated)

    for folder in sorted(out.iterdir()):
        print(f"seeds: {folder.name}: {sum(1 for _ in folder.iterdir())} inputs", file=sys.stderr)


if __name__ == "__main__":
    gather(Path(sys.argv[1]))
