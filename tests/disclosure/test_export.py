"""export_disclosure: a static copy of everything published, that a web server serves as is and the
verifier checks offline; all or nothing."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.pdfs import pdf_text
from trustmgmt.disclosure.services import publish


@pytest.fixture
def published(ledger, committee):
    publish(month=date(2024, 1, 1), by=committee)
    publish(month=date(2024, 2, 1), by=committee)
    return ledger


@pytest.fixture
def quick_notices(monkeypatch):
    monkeypatch.setattr("trustmgmt.disclosure.export.render_pdf", lambda template, context: b"%PDF-1.7 stand-in")


def files_in(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def test_it_writes_every_published_month_the_index_and_the_verifier(published, tmp_path, capsys):
    folder = tmp_path / "mirror"
    call_command("export_disclosure", str(folder))
    assert files_in(folder) == [
        "2024/01.json",
        "2024/01.pdf",
        "2024/01/index.html",
        "2024/01/journal.json",
        "2024/02.json",
        "2024/02.pdf",
        "2024/02/index.html",
        "2024/02/journal.json",
        "index.html",
        "index.json",
        "verify_disclosure.py",
    ]
    assert "Exported 2 month(s)" in capsys.readouterr().out
    notice = pdf_text((folder / "2024/02.pdf").read_bytes())
    assert "2024" in notice


def test_pages_link_to_each_other_relatively_so_they_open_from_the_file_system(published, tmp_path, quick_notices):
    folder = tmp_path / "mirror"
    call_command("export_disclosure", str(folder))
    page = (folder / "2024/02/index.html").read_text(encoding="utf-8")
    links = re.findall(r'(?:href|src)="([^"]+)"', page)
    assert "../../index.html" in links and "../../2024/02.pdf" in links and "../../2024/02.json" in links
    assert not [link for link in links if link.startswith("/")]  # nothing that needs the site's root
    for link in links:
        if not link.startswith(("http", "#", "mailto:")):
            assert (folder / "2024/02" / link.split("#")[0]).resolve().exists(), link
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert 'href="2024/01/index.html"' in index and 'href="verify_disclosure.py"' in index


def test_it_refuses_a_folder_that_is_not_empty_and_writes_nothing(published, tmp_path, quick_notices):
    folder = tmp_path / "mirror"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(CommandError, match=r"is not empty.*--force.*Nothing was written"):
        call_command("export_disclosure", str(folder))
    assert files_in(folder) == ["notes.txt"]
    assert [path.name for path in tmp_path.iterdir()] == ["mirror"]  # no staging folder left behind


def test_force_replaces_what_the_folder_held(published, tmp_path, quick_notices):
    folder = tmp_path / "mirror"
    folder.mkdir()
    (folder / "stale.json").write_text("{}")
    call_command("export_disclosure", str(folder), "--force")
    assert "stale.json" not in files_in(folder) and "index.json" in files_in(folder)
    assert [path.name for path in tmp_path.iterdir()] == ["mirror"]


def test_an_empty_folder_is_fine(published, tmp_path, quick_notices):
    folder = tmp_path / "mirror"
    folder.mkdir()
    call_command("export_disclosure", str(folder))
    assert "index.json" in files_in(folder)


def test_nothing_published_is_refused(ledger, tmp_path):
    with pytest.raises(CommandError, match="No month is published yet"):
        call_command("export_disclosure", str(tmp_path / "mirror"))
    assert list(tmp_path.iterdir()) == []


def test_a_file_in_the_way_is_refused(published, tmp_path):
    (tmp_path / "mirror").write_text("a file")
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("export_disclosure", str(tmp_path / "mirror"))


def test_a_missing_parent_is_refused(published, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("export_disclosure", str(tmp_path / "no" / "mirror"))


def test_an_error_midway_leaves_the_folder_as_it_was(published, tmp_path, monkeypatch):
    def fail(template, context):
        raise OSError("disk full")

    monkeypatch.setattr("trustmgmt.disclosure.export.render_pdf", fail)
    folder = tmp_path / "mirror"
    folder.mkdir()
    (folder / "old.txt").write_text("kept")
    with pytest.raises(CommandError, match="disk full"):
        call_command("export_disclosure", str(folder), "--force")
    assert files_in(folder) == ["old.txt"]
    assert [path.name for path in tmp_path.iterdir()] == ["mirror"]


def test_it_has_help():
    with pytest.raises(SystemExit):
        call_command("export_disclosure", "--help")
