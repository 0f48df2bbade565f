"""What dpkg knows about the packages we read text from.

We take file lists from /var/lib/dpkg/info/PKG.list rather than globbing
/usr/share/man/de etc., because those directories also hold pages installed by
unrelated packages; going through dpkg lets README.md attribute every text to
the package (and license) it came from.
"""

import re
import subprocess
from pathlib import Path

DPKG_INFO = Path("/var/lib/dpkg/info")


class MissingPackage(Exception):
    pass


def package_files(pkg: str) -> list[str]:
    """Paths the package installed (directories included), in dpkg's order."""
    for name in (f"{pkg}.list", f"{pkg}:amd64.list", f"{pkg}:arm64.list"):
        path = DPKG_INFO / name
        if path.exists():
            return [line.rstrip("\n") for line in path.open(encoding="utf-8") if line.strip()]
    raise MissingPackage(pkg)


def is_installed(pkg: str) -> bool:
    try:
        package_files(pkg)
        return True
    except MissingPackage:
        return False


def version(pkg: str) -> str:
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg],
                         capture_output=True, text=True)
    return out.stdout.strip() if out.returncode == 0 else "?"


# Copyright files that are not in the machine-readable (DEP-5) format; the
# summaries were written by reading /usr/share/doc/PKG/copyright.
_FREEFORM_LICENSES = {
    "manpages-ja": "license of each original man page (JM Project translations, DFSG-free; see each page's roff comments)",
    "fortunes": "BSD-3-clause (fortune program); fortune files of various provenance, redistributable per Debian",
    "fortunes-min": "BSD-3-clause (fortune program); fortune files of various provenance, redistributable per Debian",
    "fortune-mod": "BSD-3-clause",
    "base-files": "GPL-2+",
}


def license_summary(pkg: str) -> str:
    """Short license names from debian/copyright, most frequent first."""
    if pkg in _FREEFORM_LICENSES:
        return _FREEFORM_LICENSES[pkg]
    path = Path("/usr/share/doc") / pkg / "copyright"
    if not path.exists():
        return "unknown (no copyright file)"
    counts: dict[str, int] = {}
    for m in re.finditer(r"^License:[ \t]*(\S.*)$", path.read_text(encoding="utf-8", errors="replace"), re.M):
        name = m.group(1).strip()
        counts[name] = counts.get(name, 0) + 1
    if not counts:
        return "see /usr/share/doc/%s/copyright" % pkg
    ranked = sorted(counts, key=lambda n: (-counts[n], n))
    return ", ".join(ranked[:4]) + (" and others" if len(ranked) > 4 else "")
