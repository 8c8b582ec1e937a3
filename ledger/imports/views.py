"""Getting started (`/ledger/start/`) and the old ledgers by upload (`/ledger/imports/<kind>/`): upload, look
at the preview, confirm or discard. The rules and the writing are in `ledger.imports.services`."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ledger import importers
from ledger.imports import selectors, services
from ledger.imports.forms import ImportForm
from ledger.models import ImportKind, LedgerImport, Method, Occupancy, Pool
from trustmgmt.base.forms import add_service_errors
from trustmgmt.base.refusals import codes
from trustmgmt.base.roles import permission_required

# Each kind's columns as the file names them, the optional ones last.
COLUMNS = {kind: (*required, *optional) for kind, (required, optional) in services.COLUMNS.items()}
# One made-up row per kind for the sample file, so the steward sees each column filled in: as the English header
# writes it, and as a Chinese ledger does (the importers read both).
SAMPLES = {
    ImportKind.HOUSEHOLDS: ("12", "2", "301", "王某", "13800000000", "occupied", "89.50"),
    ImportKind.PAYMENTS: ("12-2-301", "2025", "2025-03-05", "200", "cash", "2025-000045"),
    ImportKind.EXPENDITURES: ("2025-03-10", "electricity", "供电公司", "312.40", "3月公共照明电费"),
}
SAMPLES_ZH = {
    ImportKind.HOUSEHOLDS: ("12", "2", "301", "王某", "13800000000", "常住", "89.50"),
    ImportKind.PAYMENTS: ("12-2-301", "2025", "2025-03-05", "200", "现金", "2025-000045"),
    ImportKind.EXPENDITURES: ("2025-03-10", "公共电费", "供电公司", "312.40", "3月公共照明电费"),
}


def _in_chinese() -> bool:
    return (translation.get_language() or "").startswith("zh")


def _columns(kind: ImportKind) -> list[str]:
    """The header as the page shows it and the sample file writes it: in Chinese on a Chinese page."""
    if _in_chinese():
        return [importers.COLUMN_NAMES_ZH[column][0] for column in COLUMNS[kind]]
    return list(COLUMNS[kind])


TITLES = {
    ImportKind.HOUSEHOLDS: _("Import households"),
    ImportKind.PAYMENTS: _("Import past payments"),
    ImportKind.EXPENDITURES: _("Import past expenditures"),
}
IMPORTED = _("Imported from %(file)s: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.")
DISCARDED = _("The file %(file)s was discarded; nothing was imported.")


def _kind(kind: str) -> ImportKind:
    if kind not in ImportKind.values:
        raise Http404
    return ImportKind(kind)


@permission_required("ledger.view_entry")
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "ledger/start.html", {"progress": selectors.progress()})


@permission_required("ledger.import_ledger")
def import_page(request: HttpRequest, kind: str) -> HttpResponse:
    kind = _kind(kind)
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None, kind=kind)
    problems: list[importers.Problem] = []
    if posted and form.is_valid():
        try:
            services.import_preview(
                kind=kind,
                upload=form.cleaned_data["file"],
                by=request.user,
                since=form.cleaned_data.get("since"),
            )
        except importers.ImportFailed as failure:
            problems = failure.problems
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("ledger:import", kind=kind.value)
    pending = None if problems else selectors.pending(kind, request.user)
    context = {
        "kind": kind,
        "title": TITLES[kind],
        "columns": _columns(kind),
        "form": form,
        "problems": problems,
        "pending": pending,
        "rows": _labelled(pending.preview["first"]) if pending else [],
        "recent": selectors.recent(kind),
    }
    return render(request, "ledger/imports/import.html", context)


def _labelled(rows: list[dict]) -> list[dict]:
    """The preview's rows with the words for the codes the file used (cash: 现金), in the page's language."""
    labels = {"method": Method, "pool": Pool, "occupancy": Occupancy}
    return [
        {**row, **{f"{key}_label": choices(row[key]).label for key, choices in labels.items() if key in row}}
        for row in rows
    ]


def _upload(request: HttpRequest, kind: ImportKind) -> LedgerImport:
    try:
        token = uuid.UUID(request.POST.get("token", ""))
    except ValueError:
        raise Http404 from None
    return get_object_or_404(LedgerImport, token=token, kind=kind)


@require_POST
@permission_required("ledger.import_ledger")
def import_confirm(request: HttpRequest, kind: str) -> HttpResponse:
    kind = _kind(kind)
    upload = _upload(request, kind)
    try:
        result = services.import_confirm(upload=upload, by=request.user)
    except ValidationError as error:
        if "preview_stale" in codes(error):
            # Show what the file would do now (or why it no longer can); the steward confirms again.
            problems = services.import_recheck(upload=upload, by=request.user)
            if problems:
                return _render_problems(request, kind, problems)
        messages.error(request, " ".join(error.messages))
        return redirect("ledger:import", kind=kind.value)
    counts = {"new": result.created, "updated": result.updated, "unchanged": result.unchanged}
    messages.success(request, IMPORTED % {"file": upload.original_name, **counts})
    return redirect("ledger:start")


def _render_problems(request: HttpRequest, kind: ImportKind, problems) -> HttpResponse:
    context = {
        "kind": kind,
        "title": TITLES[kind],
        "columns": _columns(kind),
        "form": ImportForm(kind=kind),
        "problems": problems,
        "recent": selectors.recent(kind),
    }
    return render(request, "ledger/imports/import.html", context)


@require_POST
@permission_required("ledger.import_ledger")
def import_discard(request: HttpRequest, kind: str) -> HttpResponse:
    kind = _kind(kind)
    upload = _upload(request, kind)
    try:
        services.import_discard(upload=upload, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, DISCARDED % {"file": upload.original_name})
    return redirect("ledger:import", kind=kind.value)


@permission_required("ledger.import_ledger")
def import_sample(request: HttpRequest, kind: str) -> HttpResponse:
    """A CSV with the header and one made-up row, in UTF-8 with a BOM so that Excel opens the Chinese right."""
    kind = _kind(kind)
    sample = SAMPLES_ZH[kind] if _in_chinese() else SAMPLES[kind]
    text = ",".join(_columns(kind)) + "\r\n" + ",".join(sample) + "\r\n"
    response = HttpResponse(text.encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind.value}-sample.csv"'
    return response
