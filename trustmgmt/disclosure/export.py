"""A static copy of everything published (`manage.py export_disclosure DIR`).

    DIR/index.html  index.json  verify_disclosure.py
    DIR/2024/05/index.html       the month's page, its links relative, so it opens from the file system
    DIR/2024/05.json  2024/05.pdf  2024/05/journal.json

The same paths as under /disclosure/ on the site, so any static web server or mirror serves the folder as
is, and `python3 DIR/verify_disclosure.py DIR` checks it offline. Published months never change, so a copy
stays true; a 社区 or a resident can keep one. Written into a temporary folder beside DIR and moved into
place at the end, so an error leaves DIR as it was.
"""

import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ledger import figures, public_journal
from trustmgmt.base.dates import month_label
from trustmgmt.base.pdf import render_pdf
from trustmgmt.disclosure import cache, inspections
from trustmgmt.disclosure.context import month_context
from trustmgmt.disclosure.document import published
from trustmgmt.disclosure.journal_json import as_bytes, index_document, journal_document, month_paths

NOT_A_FOLDER = "{path} exists and is not a folder."
NO_PARENT = "The folder {path} is in does not exist."
NOT_EMPTY = "{path} is not empty. Export into an empty or new folder, or pass --force to replace what is in it."
NOTHING_PUBLISHED = "No month is published yet, so there is nothing to export. Publish months first (publish_months)."
_LINK = re.compile(r'(href|src)="(/[^"]*)"')
_MONTH_FILE = re.compile(r"/disclosure/([0-9]{4})/([0-9]{2})(/|\.json|\.pdf|/journal\.json)")


class ExportError(Exception):
    pass


@dataclass(frozen=True)
class Exported:
    folder: Path
    months: int
    files: int


def _relative(html: str, prefix: str, months: set[str]) -> str:
    """Links to published files become relative (`prefix` climbs to the root); others point to the site."""

    def replace(match: re.Match) -> str:
        attribute, url = match.groups()
        path = url.split("#")[0].split("?")[0]
        target = None
        if path == "/disclosure/":
            target = "index.html"
        elif path in ("/disclosure/index.json", "/disclosure/verify_disclosure.py"):
            target = path.removeprefix("/disclosure/")
        elif (found := _MONTH_FILE.fullmatch(path)) and f"{found[1]}-{found[2]}" in months:
            target = path.removeprefix("/disclosure/") + ("index.html" if path.endswith("/") else "")
        if target is None:
            return f'{attribute}="{settings.PUBLIC_BASE_URL}{url}"'
        return f'{attribute}="{prefix}{target}"'

    return _LINK.sub(replace, html)


def _stylesheet() -> str:
    found = finders.find("css/app.css")
    return Path(found).read_text(encoding="utf-8") if found else ""


def _month_page(document: dict, month: date, state, css: str, months: set[str]) -> str:
    context = month_context(document, fingerprint_now=document["ledger_fingerprint"])
    context["inspections"] = inspections.counts(state, month=month)
    content = render_to_string("disclosure/month_content.html", context)
    title = _("Accounts for %(month)s") % {"month": month_label(month)}
    html = render_to_string(
        "disclosure/export_page.html",
        {"title": title, "content": content, "css": css, "complex_name": settings.COMPLEX_NAME},
    )
    return _relative(html, "../../", months)


def _index_page(index: dict, css: str) -> str:
    rows = [
        {**month, "label": month_label(date.fromisoformat(month["period"] + "-01"))}
        for month in reversed(index["months"])
    ]
    html = render_to_string(
        "disclosure/export_index.html",
        {
            "months": rows,
            "css": css,
            "complex_name": settings.COMPLEX_NAME,
            "exported_at": timezone.localtime(),
            "site": settings.PUBLIC_BASE_URL + "/disclosure/",
        },
    )
    return _relative(html, "", {month["period"] for month in index["months"]})


def _write(folder: Path, name: str, data: bytes | str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)


def _check_target(target: Path, force: bool) -> None:
    if target.exists() and not target.is_dir():
        raise ExportError(NOT_A_FOLDER.format(path=target))
    if not target.parent.is_dir():
        raise ExportError(NO_PARENT.format(path=target))
    if target.is_dir() and any(target.iterdir()) and not force:
        raise ExportError(NOT_EMPTY.format(path=target))


def export_disclosure(*, target: Path, force: bool = False) -> Exported:
    """Write every published month, the index and the verifier into `target`; all or nothing."""
    target = Path(target).absolute()
    _check_target(target, force)
    marks = public_journal.publication_marks()
    if not marks:
        raise ExportError(NOTHING_PUBLISHED)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.export-"))
    files = 0
    try:
        with translation.override(settings.LANGUAGE_CODE):
            state = cache.ledger_state()
            css = _stylesheet()
            index = index_document()
            months = {month["period"] for month in index["months"]}
            for mark in marks:
                paths = month_paths(mark.month)
                publication = figures.publication(mark.month)
                document = inspections.with_public_vouchers(published(publication), state)
                _write(staging, paths["json"], json.dumps(document, ensure_ascii=False, indent=2))
                _write(staging, paths["journal"], as_bytes(journal_document(mark.month)))
                _write(staging, paths["page"] + "index.html", _month_page(document, mark.month, state, css, months))
                pdf_context = month_context(document, fingerprint_now=document["ledger_fingerprint"], for_pdf=True)
                _write(staging, paths["pdf"], render_pdf("disclosure/month_pdf.html", pdf_context))
                files += 4
            _write(staging, "index.json", as_bytes(index))
            _write(staging, "index.html", _index_page(index, css))
            shutil.copyfile(Path(__file__).with_name("verify_disclosure.py"), staging / "verify_disclosure.py")
            files += 3
        staging.chmod(0o755)  # mkdtemp's folder is its owner's only; a web server must read the copy
        _swap_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Exported(folder=target, months=len(marks), files=files)


def _swap_into_place(staging: Path, target: Path) -> None:
    if not target.exists():
        staging.rename(target)
        return
    old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old-"))
    old.rmdir()
    target.rename(old)
    try:
        staging.rename(target)
    except BaseException:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
