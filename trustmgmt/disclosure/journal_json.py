"""The public journal: each published month's entries (`journal.json`), the index of published months
(`index.json`) and the independent verifier (`verify_disclosure.py`), for anyone to check the ledger.

Only published months have a journal: an open month's entries may still grow, and its figures on the month
page say "provisional". Nothing here carries a personal field (see `ledger.public_journal`).
"""

import json
from datetime import date
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ledger import public_journal
from ledger.journal import DIGEST_VERSION, GENESIS, PUBLIC_FIELDS
from trustmgmt.base.dates import month_from_url
from trustmgmt.disclosure import cache as disclosure_cache

VERIFIER = Path(__file__).with_name("verify_disclosure.py")
FORMAT = 1
DIGEST = {
    "version": DIGEST_VERSION,
    "algorithm": "sha256",
    "canonical": "JSON of the fields below, keys sorted, separators ',' and ':', UTF-8, no ASCII escapes",
    "fields": list(PUBLIC_FIELDS),
    "genesis": GENESIS,
}


def month_paths(month: date) -> dict[str, str]:
    """Where a month's files are, relative to the disclosure's root (the live site's and an export's)."""
    stem = f"{month:%Y}/{month:%m}"
    return {"page": f"{stem}/", "json": f"{stem}.json", "journal": f"{stem}/journal.json", "pdf": f"{stem}.pdf"}


def journal_document(month: date) -> dict | None:
    """The month's journal, or None while the month is not published. Three queries."""
    mark = public_journal.publication_mark(month)
    if mark is None:
        return None
    position = mark.position
    return {
        "period": f"{month:%Y-%m}",
        "digest": DIGEST,
        "ledger_fingerprint": mark.fingerprint,
        "ledger_position": position,
        "pending": public_journal.pending_positions(month, position) if position is not None else [],
        "entries": public_journal.month_entries(month),
    }


def index_document() -> dict:
    """Every published month, oldest first, with its fingerprint, position and files. One query."""
    return {
        "format": FORMAT,
        "complex": settings.COMPLEX_NAME,
        "digest_version": DIGEST_VERSION,
        "verifier": "verify_disclosure.py",
        "months": [
            {
                "period": f"{mark.month:%Y-%m}",
                "published_at": timezone.localtime(mark.published_at).isoformat(timespec="seconds"),
                "ledger_fingerprint": mark.fingerprint,
                "ledger_position": mark.position,
                **month_paths(mark.month),
            }
            for mark in public_journal.publication_marks()
        ],
    }


def as_bytes(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def _json(body: bytes, status: int = 200) -> HttpResponse:
    response = HttpResponse(body, content_type="application/json; charset=utf-8", status=status)
    response["Access-Control-Allow-Origin"] = "*"  # open data: anyone may check it
    return response


@require_GET
def journal_json(request: HttpRequest, year: str, month: str) -> HttpResponse:
    period = month_from_url(year, month)
    document = journal_document(period)
    if document is None:
        message = _(
            "%(month)s is not published yet. Its journal appears here once the committee publishes the month; "
            "until then the month's page shows its figures as provisional."
        ) % {"month": f"{period:%Y-%m}"}
        response = JsonResponse({"error": message}, status=404, json_dumps_params={"ensure_ascii": False})
        response["Access-Control-Allow-Origin"] = "*"
        return response
    return _json(as_bytes(document))


@require_GET
def index_json(request: HttpRequest) -> HttpResponse:
    key = disclosure_cache.key("index-json", state=disclosure_cache.ledger_state())
    return _json(disclosure_cache.get_or_build(key, lambda: as_bytes(index_document())))


@cache
def verifier_source() -> bytes:
    return VERIFIER.read_bytes()


@require_GET
def verifier(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(verifier_source(), content_type="text/x-python; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="verify_disclosure.py"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
