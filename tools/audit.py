#!/usr/bin/env python3
"""Summarise the dependency audit (`make audit`): pip-audit's JSON on constraints.txt and
npm audit's JSON on web/package-lock.json. A registry that does not answer is reported as such,
never as "no vulnerability" and never as a failed build.

    python tools/audit.py results/pip-audit.json results/npm-audit.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def pip_summary(path: Path) -> str:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return "pip-audit: no answer (the vulnerability service could not be reached)"
    deps = data.get("dependencies", data if isinstance(data, list) else [])
    skipped = [d for d in deps if d.get("skip_reason")]
    audited = [d for d in deps if not d.get("skip_reason")]
    vulnerable = [d for d in audited if d.get("vulns")]
    lines = [f"pip-audit: {len(deps)} pinned packages, {len(audited)} audited, {len(skipped)} could not be "
             f"audited, {len(vulnerable)} with known vulnerabilities"]
    if deps and not audited:
        lines.append("  the vulnerability service did not answer for any package (registry mirror without "
                     "the JSON API?): NOT audited, rerun where pypi.org answers")
    for d in vulnerable:
        for v in d["vulns"]:
            fix = ", ".join(v.get("fix_versions") or []) or "no fixed version"
            lines.append(f"  {d['name']} {d['version']}: {v.get('id')} (fixed in: {fix})")
    return "\n".join(lines)


def npm_summary(path: Path) -> str:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return "npm audit: no answer (npm or the registry not available)"
    if "vulnerabilities" not in data or "metadata" not in data:
        status = data.get("statusCode") or data.get("error", {}).get("code") or "no report"
        return (f"npm audit: the registry did not answer the audit request ({status}: "
                f"{data.get('message', '')[:120]}): NOT audited")
    counts = data["metadata"].get("vulnerabilities", {})
    lines = [f"npm audit: {counts.get('total', 0)} vulnerable packages "
             f"({', '.join(f'{k} {v}' for k, v in counts.items() if k != 'total' and v)})"]
    for name, v in sorted(data["vulnerabilities"].items()):
        fix = v.get("fixAvailable")
        fix = f"{fix.get('name')}@{fix.get('version')}" if isinstance(fix, dict) else fix
        lines.append(f"  {name} {v.get('severity')} {v.get('range')} fix: {fix}")
    return "\n".join(lines)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    print(pip_summary(Path(argv[0])))
    print(npm_summary(Path(argv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
