#!/usr/bin/env python3
"""Assembles dist/chrome and dist/firefox from manifest.json, extension/ and the wasm packages
(the compose module `pkg/mailhint*` and the full one `pkg/mailhint_full*`, see build.sh),
and zips each. The layout inside dist/ is the repository's own, so the repository root also loads
unpacked once extension/pkg/ is built."""
import json
import shutil
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"


def copy_tree(target: Path) -> None:
    shutil.copytree(ROOT / "extension", target / "extension", ignore=shutil.ignore_patterns("*.test.js", "*.test.mjs", "samples", ".gitignore"))
    for extra in ["_locales"]:
        if (ROOT / extra).exists():
            shutil.copytree(ROOT / extra, target / extra)


def firefox_manifest(manifest: dict) -> dict:
    ff = json.loads(json.dumps(manifest))
    # Firefox runs MV3 backgrounds as event pages, not service workers.
    ff["background"] = {"scripts": [manifest["background"]["service_worker"]], "type": "module"}
    ff.pop("minimum_chrome_version", None)
    ff["browser_specific_settings"] = {
        "gecko": {
            "id": "mailhint@mailhint.dev",
            # The CSS Custom Highlight API and data_collection_permissions both need Firefox 140.
            "strict_min_version": "140.0",
            # Nothing is collected: analysis is local and only domain names reach a DNS resolver.
            "data_collection_permissions": {"required": ["none"]},
        },
        "gecko_android": {"strict_min_version": "142.0"},
    }
    return ff


def main() -> None:
    manifest = json.loads((ROOT / "manifest.json").read_text())
    for p in ["pkg/mailhint.js", "pkg/mailhint_bg.wasm", "pkg/mailhint_full.js", "pkg/mailhint_full_bg.wasm", "pkg/public-suffix-list.txt", "rules/en.json", "rules/zh-CN.json"]:
        if not (ROOT / "extension" / p).exists():
            raise SystemExit(f"extension/{p} is missing: run ./build.sh wasm")
    if DIST.exists():
        shutil.rmtree(DIST)
    for browser, m in [("chrome", manifest), ("firefox", firefox_manifest(manifest))]:
        target = DIST / browser
        target.mkdir(parents=True)
        copy_tree(target)
        (target / "manifest.json").write_text(json.dumps(m, indent=2, ensure_ascii=False) + "\n")
        with zipfile.ZipFile(DIST / f"mailhint-{browser}.zip", "w", zipfile.ZIP_DEFLATED) as z:
            for f in sorted(target.rglob("*")):
                if f.is_file():
                    z.write(f, f.relative_to(target))
    pkg = DIST / "chrome/extension/pkg"
    compose, full = ((pkg / f).stat().st_size for f in ["mailhint_bg.wasm", "mailhint_full_bg.wasm"])
    print(f"dist/chrome, dist/firefox and their zips written (wasm: compose {compose / 1024:.0f} KiB, full {full / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
