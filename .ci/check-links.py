#!/usr/bin/env python3
"""Checks every relative link in the repository's Markdown: the file exists, and an anchor names a
heading of it (GitHub's slugs). Web links are not fetched: CI runs offline, and a dead external page
is not a reason to fail a build. Run by `make lint` (so by `make test`)."""
import os, re, subprocess, sys

root = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True).stdout.strip()
os.chdir(root)
tracked = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "*.md"], capture_output=True, text=True, check=True).stdout.split()
files = [f for f in tracked if os.path.exists(f) and not f.startswith((".build", ".venv"))]

link = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def slug(heading):
    text = re.sub(r"`|\*\*|\*|_", lambda m: "" if m.group(0) != "_" else "_", heading.strip().lower())
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[^\w\- ]", "", text, flags=re.UNICODE)
    return text.replace(" ", "-")


def anchors(path, cache={}):
    if path not in cache:
        found, fence, seen = set(), False, {}
        for line in open(path, encoding="utf-8"):
            if line.startswith("```"):
                fence = not fence
            m = None if fence else re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
            if m:
                s = slug(m.group(1))
                n = seen.get(s, 0)
                seen[s] = n + 1
                found.add(s if n == 0 else f"{s}-{n}")
        cache[path] = found
    return cache[path]


problems = []
checked = 0
for f in files:
    fence = False
    for number, line in enumerate(open(f, encoding="utf-8"), 1):
        if line.startswith("```"):
            fence = not fence
        if fence:
            continue
        for m in link.finditer(re.sub(r"`[^`]*`", "", line)):
            target = m.group(1)
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue
            checked += 1
            path, _, anchor = target.partition("#")
            resolved = os.path.normpath(os.path.join(os.path.dirname(f), path)) if path else f
            if not os.path.exists(resolved):
                problems.append(f"{f}:{number}: {target}: no such file ({resolved})")
            elif anchor and resolved.endswith(".md") and anchor not in anchors(resolved):
                problems.append(f"{f}:{number}: {target}: no heading '#{anchor}' in {resolved}")

for p in problems:
    print(p, file=sys.stderr)
print(f"links: {checked} relative links in {len(files)} Markdown files, {len(problems)} broken")
sys.exit(1 if problems else 0)
