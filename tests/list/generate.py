#!/usr/bin/env python3
"""A synthetic address list and the zone that answers for its domains, with the ground truth.

    tests/list/generate.py DOMAINS ADDRESSES OUT_DIR

writes OUT_DIR/list.zone (for tests/dns/start.sh), OUT_DIR/list.csv (header
`id,name,email,company`; ADDRESSES rows spread over DOMAINS domains) and OUT_DIR/truth.tsv
(domain TAB the `reason` the list checker must give it: empty for a domain that takes mail).

Domains live under `listscale.test`, a zone we own, so that NXDOMAIN is a real answer of the
real server. One domain in ten of each kind; the rest (six in ten) have an MX:
  7: null MX (RFC 7505)   8: no MX, an A record   9: no MX, no address (a TXT record only)
  6: NXDOMAIN (not in the zone at all)
"""
import sys
from pathlib import Path

ZONE = "listscale.test"


def kind(i: int) -> str:
    return {6: "nxdomain", 7: "nullmx", 8: "a-only", 9: "no-address"}.get(i % 10, "mx")


TRUTH = {"mx": "", "a-only": "", "nullmx": "null-mx", "no-address": "no-mail-server", "nxdomain": "no-such-domain"}


def main() -> None:
    domains, addresses, out = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "list.zone", "w") as z, open(out / "truth.tsv", "w") as t:
        z.write(f"$ORIGIN {ZONE}.\n$TTL 300\n")
        z.write(f"@ IN SOA ns.mailhint-dns.invalid. hostmaster.mailhint-dns.invalid. 1 3600 600 86400 300\n")
        z.write("@ IN NS ns.mailhint-dns.invalid.\n")
        for i in range(domains):
            name, k = f"d{i}", kind(i)
            if k == "mx":
                z.write(f"{name} IN MX 10 mx{i % 50}.mail\n")
            elif k == "nullmx":
                z.write(f"{name} IN MX 0 .\n")
            elif k == "a-only":
                z.write(f"{name} IN A 192.0.2.{i % 250 + 1}\n")
            elif k == "no-address":
                z.write(f'{name} IN TXT "v=spf1 -all"\n')
            t.write(f"{name}.{ZONE}\t{TRUTH[k]}\n")
        for m in range(50):
            z.write(f"mx{m}.mail IN A 192.0.2.{m + 1}\n")
    with open(out / "list.csv", "w") as f:
        f.write("id,name,email,company\n")
        for j in range(addresses):
            f.write(f'{j},"Person {j}",p{j}@d{j % domains}.{ZONE},"Company {j % domains}"\n')


if __name__ == "__main__":
    main()
