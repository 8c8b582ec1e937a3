"""The independent verifier, run as anyone would run it: a separate Python process, standard library only."""

import json
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from ledger.models import Entry
from trustmgmt.disclosure import verify_disclosure
from trustmgmt.disclosure.services import publish


def run(source, *fingerprints: str) -> subprocess.CompletedProcess:
    script = Path(verify_disclosure.__file__)
    arguments = [arg for fingerprint in fingerprints for arg in ("--fingerprint", fingerprint)]
    return subprocess.run(
        [sys.executable, "-I", str(script), str(source), *arguments], capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def export(ledger, committee, tmp_path, monkeypatch) -> Path:
    """Two published months, exported; the notices as a stand-in (the verifier reads no PDF, and drawing
    them takes most of the time; tests/disclosure/test_export.py exports real ones)."""
    monkeypatch.setattr("trustmgmt.disclosure.export.render_pdf", lambda template, context: b"%PDF-1.7 stand-in")
    publish(month=date(2024, 1, 1), by=committee)
    publish(month=date(2024, 2, 1), by=committee)
    folder = tmp_path / "mirror"
    call_command("export_disclosure", str(folder))
    return folder


def load(folder: Path, name: str) -> dict:
    return json.loads((folder / name).read_text(encoding="utf-8"))


def save(folder: Path, name: str, data: dict) -> None:
    (folder / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_an_intact_export_passes(export):
    result = run(export)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASSED" in result.stdout and "通过" in result.stdout
    assert "2 months, 7 entries" in result.stdout


def test_the_copy_in_the_export_is_the_verifier_itself(export):
    assert (export / "verify_disclosure.py").read_bytes() == Path(verify_disclosure.__file__).read_bytes()
    result = subprocess.run(
        [sys.executable, "-I", str(export / "verify_disclosure.py"), str(export)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_a_fingerprint_from_paper_is_found_whole_or_by_its_first_sixteen(export):
    last = Entry.objects.get(position=7).hash
    grouped = " ".join(last[i : i + 4] for i in range(0, 16, 4)).upper()
    result = run(export, last, grouped)
    assert result.returncode == 0, result.stdout
    assert "is at position 7" in result.stdout


def test_an_unknown_fingerprint_fails(export):
    result = run(export, "0123456789abcdef")
    assert result.returncode == 1
    assert "FAILED" in result.stdout and "0123456789abcdef is not on the published chain" in result.stdout


@pytest.mark.parametrize("text", ["12345", "zzzzzzzzzzzzzzzz", "a" * 63])
def test_a_malformed_fingerprint_is_a_usage_error(export, text):
    result = run(export, text)
    assert result.returncode == 2 and "not a fingerprint" in result.stderr


def test_a_changed_amount_is_named(export):
    journal = load(export, "2024/02/journal.json")
    journal["entries"][0]["maintenance"] = "80.00"
    save(export, "2024/02/journal.json", journal)
    result = run(export)
    assert result.returncode == 1
    position = journal["entries"][0]["position"]
    assert f"2024-02 journal, position {position}: its content does not match its hash" in result.stdout
    assert f"第{position}条" in result.stdout


def test_a_changed_figure_is_named(export):
    month = load(export, "2024/02.json")
    month["pools"][0]["income"] = "60.00"
    save(export, "2024/02.json", month)
    result = run(export)
    assert result.returncode == 1 and "2024-02 electricity: income is 60.00" in result.stdout


def test_a_removed_entry_is_named_even_when_the_figures_are_adjusted_to_hide_it(export):
    journal = load(export, "2024/01/journal.json")
    removed = journal["entries"].pop(1)  # the first payment, 200.00
    save(export, "2024/01/journal.json", journal)
    first = run(export)
    assert first.returncode == 1 and "2024-01" in first.stdout
    for name in ("2024/01.json", "2024/02.json"):  # and the figures lowered to match
        month = load(export, name)
        for pool in month["pools"]:
            share = Decimal(removed[pool["code"]])
            fields = ("income", "closing") if name == "2024/01.json" else ("opening", "closing")
            for field in fields:
                pool[field] = str(Decimal(pool[field]) - share)
        save(export, name, month)
    result = run(export)
    assert result.returncode == 1
    assert f"position {removed['position']} existed when 2024-01 was published" in result.stdout


def _rehash_from(folder: Path, position: int) -> str:
    """Rewrite the chain from `position` on as a forger would: every later hash, fingerprint and index."""
    journals = {name: load(folder, name) for name in ("2024/01/journal.json", "2024/02/journal.json")}
    entries = sorted((e for j in journals.values() for e in j["entries"]), key=lambda e: e["position"])
    renamed, previous = {}, None
    for entry in entries:
        if entry["position"] == position:
            entry["payee"] = "某某公司"
        if previous is not None:
            entry["prev_hash"] = previous["hash"]
        if entry["position"] >= position:
            old, entry["hash"] = entry["hash"], verify_disclosure.digest(entry)
            renamed[old] = entry["hash"]
        previous = entry
    for name, journal in journals.items():
        journal["ledger_fingerprint"] = renamed.get(journal["ledger_fingerprint"], journal["ledger_fingerprint"])
        save(folder, name, journal)
    index = load(folder, "index.json")
    for month in index["months"]:
        month["ledger_fingerprint"] = renamed.get(month["ledger_fingerprint"], month["ledger_fingerprint"])
        document = load(folder, month["json"])
        document["ledger_fingerprint"] = month["ledger_fingerprint"]
        save(folder, month["json"], document)
    save(folder, "index.json", index)
    return entries[-1]["hash"]


def test_a_chain_rehashed_from_some_point_fails_once_an_earlier_fingerprint_is_given(export):
    spending = Entry.objects.get(kind="expenditure", period=date(2024, 1, 1))
    printed_on_the_board = Entry.objects.get(position=7).hash  # January's notice
    _rehash_from(export, spending.position)
    assert run(export).returncode == 0  # consistent in itself: only paper from before can tell
    result = run(export, printed_on_the_board[:16])
    assert result.returncode == 1
    assert f"fingerprint {printed_on_the_board[:16]} is not on the published chain" in result.stdout


def test_a_missing_month_file_fails_with_the_reason(export):
    (export / "2024/02/journal.json").unlink()
    result = run(export)
    assert result.returncode == 1 and "cannot read" in result.stdout


def test_a_month_left_out_of_the_index_is_named(export):
    index = load(export, "index.json")
    index["months"].pop(0)
    save(export, "index.json", index)
    result = run(export)
    assert result.returncode == 1 and "opening" in result.stdout


@pytest.mark.django_db(transaction=True)
def test_it_checks_the_live_site(live_server, ledger, committee):
    publish(month=date(2024, 1, 1), by=committee)
    publish(month=date(2024, 2, 1), by=committee)
    for where in (f"{live_server.url}/disclosure/", live_server.url):
        result = run(where, Entry.objects.get(position=7).hash)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "PASSED" in result.stdout


def test_export_copies_are_independent_of_the_site(export, tmp_path):
    moved = tmp_path / "elsewhere"
    shutil.copytree(export, moved)
    assert run(moved).returncode == 0


@pytest.mark.parametrize(
    "index",
    [{"months": "none"}, {"months": [{"period": "2024-1"}]}, {"months": [7]}, [], {"nothing": True}],
)
def test_a_malformed_index_is_a_verdict_not_a_traceback(export, index):
    (export / "index.json").write_text(json.dumps(index))
    result = run(export)
    assert result.returncode == 1 and "FAILED" in result.stdout and "Traceback" not in result.stderr


def test_malformed_entries_are_a_verdict_not_a_traceback(export):
    journal = load(export, "2024/01/journal.json")
    journal["entries"][0]["position"] = "one"
    save(export, "2024/01/journal.json", journal)
    result = run(export)
    assert result.returncode == 1 and "bad position" in result.stdout and "Traceback" not in result.stderr


def test_a_relabelled_flow_is_named(export):
    journal = load(export, "2024/01/journal.json")
    journal["entries"][1]["flow"] = "transfer"
    journal["entries"][1]["hash"] = verify_disclosure.digest(journal["entries"][1])
    save(export, "2024/01/journal.json", journal)
    result = run(export)
    assert result.returncode == 1 and "does not go with flow 'transfer'" in result.stdout


def test_an_unreachable_site_is_a_verdict(db):
    result = run("http://127.0.0.1:9/disclosure/")
    assert result.returncode == 1 and "cannot fetch" in result.stdout
