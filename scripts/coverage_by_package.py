"""Coverage per package, from the data `make test` leaves (.coverage): lines and branches, as coverage.py counts.

    python scripts/coverage_by_package.py [--fail-under ledger=90 repairs=90]

Prints each top-level package (trustmgmt, ledger, repairs) and its sub-packages; exits 1 if a package named in
--fail-under is below its minimum.
"""

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import coverage


def totals_by_package(files: dict) -> dict[str, list[int]]:
    """package -> [covered lines + branches, lines + branches]; a package is a folder, at depth one and two."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for name, report in files.items():
        summary = report["summary"]
        covered = summary["covered_lines"] + summary.get("covered_branches", 0)
        counted = summary["num_statements"] + summary.get("num_branches", 0)
        parts = Path(name).parts
        for depth in (1, 2):
            if len(parts) > depth:  # a folder, not the file itself
                package = "/".join(parts[:depth])
                totals[package][0] += covered
                totals[package][1] += counted
    return totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fail-under", nargs="*", default=[], metavar="PACKAGE=PERCENT")
    args = parser.parse_args()
    minimums = {package: float(percent) for package, percent in (item.split("=") for item in args.fail_under)}

    cov = coverage.Coverage()
    try:
        cov.load()
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "coverage.json"
            cov.json_report(outfile=str(out), ignore_errors=True)
            files = json.loads(out.read_text())["files"]
    except coverage.exceptions.NoDataError:
        print("No coverage data (.coverage): run `make test` first.")
        return 0

    totals = totals_by_package(files)
    failed = []
    print(f"\n{'Coverage by package (lines and branches)':<44}{'counted':>9}{'cover':>8}")
    for package in sorted(totals, key=lambda name: (name.split("/")[0], name.count("/"), name)):
        covered, counted = totals[package]
        percent = 100 * covered / counted if counted else 100.0
        minimum = minimums.get(package)
        note = f"  (minimum {minimum:.0f}%)" if minimum is not None else ""
        indent = "  " * package.count("/")
        print(f"{indent + package + '/':<44}{counted:>9}{percent:>7.1f}%{note}")
        if minimum is not None and percent < minimum:
            failed.append(f"{package}/ is covered {percent:.1f}%, below its minimum of {minimum:.0f}%")
    for line in failed:
        print(line, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
