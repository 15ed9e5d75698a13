#!/usr/bin/env python3
"""Packaging/third-party-licenses.py OUT: the licences of what the release binary contains.

Every Swift package SwiftPM resolved (.build/checkouts, versions from .build/workspace-state.json)
is linked in statically, so its LICENSE and NOTICE texts ship with the binary (Apache-2.0 § 4 asks
for the NOTICE files). The Swift runtime is linked in too. The shared libraries (libmodbus,
libsqlite3, libcurl) come from Debian packages that carry their own copyright files.
`make install` puts the result in share/doc/meterwatch/.
"""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
checkouts = root / ".build" / "checkouts"
state = json.loads((root / ".build" / "workspace-state.json").read_text())
versions = {}
for dep in state["object"]["dependencies"]:
    checkout = dep["state"].get("checkoutState", {})
    versions[dep["subpath"]] = checkout.get("version") or checkout.get("revision", "")[:12]


def kind(text: str) -> str:
    if "Apache License" in text and "Version 2.0" in text:
        return "Apache-2.0"
    if "Permission is hereby granted, free of charge" in text:
        return "MIT"
    return "see the text below"


out = [
    "Meterwatch is licensed under the Apache License 2.0 (LICENSE beside this file).",
    "",
    "The meterwatch binary links the following in statically; their licences and notices follow.",
    "",
    "- the Swift runtime and Foundation: Apache-2.0 with the Runtime Library Exception (swift.org)",
]
sections = []
if not checkouts.is_dir():
    sys.exit("no .build/checkouts: build first (swift build resolves the packages)")
for package in sorted(checkouts.iterdir(), key=lambda p: p.name.lower()):
    files = sorted(f for f in package.iterdir() if f.is_file() and f.name.upper().startswith(("LICENSE", "LICENCE", "COPYING", "NOTICE")))
    licence = next((f for f in files if not f.name.upper().startswith("NOTICE")), None)
    if licence is None:
        sys.exit(f"{package.name}: no licence file found; check it by hand before shipping")
    text = licence.read_text(errors="replace")
    out.append(f"- {package.name} {versions.get(package.name, '')}: {kind(text)}")
    for f in files:
        sections.append(f"\n{'=' * 78}\n{package.name}: {f.name}\n{'=' * 78}\n\n{f.read_text(errors='replace').strip()}\n")
out += [
    "",
    "Shared libraries from Debian (their copyright files are in /usr/share/doc/<package>/copyright):",
    "libmodbus5 (LGPL-2.1+), libsqlite3-0 (public domain), libcurl4 (curl licence).",
]
pathlib.Path(sys.argv[1]).write_text("\n".join(out) + "\n" + "".join(sections))
