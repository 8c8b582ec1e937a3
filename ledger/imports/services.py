"""Bringing in the old ledgers by upload: check the file and show what it would do, then write it on confirm.

The same importers as the commands (`ledger.importers`) do the work. `import_preview` runs one as a dry run
(every row applied through the services, then rolled back): a file with any bad row is refused with every
problem and its line, and nothing is kept; a good file is stored under MEDIA_ROOT/imports/ with what it would
do (`LedgerImport.preview`) and a digest of every row's outcome. `import_confirm` runs the importer for real,
in one transaction, and keeps the result only if the stored file is unchanged (its SHA-256) and every row
would do exactly what the preview showed (the digest): if the ledger changed in between (a desk payment took
the next receipt number, a flat was edited), the confirm is refused as stale and nothing is written; the
steward looks at the fresh preview (`import_recheck`) and confirms again.
"""

import hashlib
import json
from datetime import date, timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ledger import importers
from ledger.models import ImportKind, ImportStatus, LedgerImport
from trustmgmt.base.dates import check_not_future
from trustmgmt.base.files import delete_on_commit
from trustmgmt.base.refusals import coded, refuse
from trustmgmt.base.uploads import MB

IMPORT_MB = 5
# Each row goes through the services twice (the preview and the confirm), about 10 ms of CPU for a payment: a
# larger file would outlast a request. The commands take any size.
MAX_ROWS = 3000
# Rows shown in the preview; the digest covers every row.
PREVIEW_ROWS = 20
# A preview nobody confirmed is discarded (and its file deleted) after this long.
KEEP_PREVIEW = timedelta(days=1)

NOT_ALLOWED = _("Only the steward or the committee can import the old ledgers.")
FILE_REQUIRED = _("Choose the file to import.")
FILE_EMPTY = _("The file is empty.")
FILE_TOO_LARGE = _("The file is %(size)s MB; the limit is %(limit)s MB. Split it, by year for example.")
TOO_MANY_ROWS = _(
    "The file has %(rows)s rows; at most %(limit)s are imported at a time. Split it, by year for example (or "
    "use the import command)."
)
NOT_PREVIEWED = _("This import is no longer waiting: it was confirmed or discarded. Upload the file again.")
NOT_YOURS = _("Only the person who uploaded this file can confirm or discard it.")
FILE_CHANGED = _("The stored file has changed or is gone since the preview; nothing was written. Upload it again.")
PREVIEW_STALE = _(
    "The ledger changed since the preview, so the file would now do something else; nothing was written. "
    "Look at the new preview below and confirm again."
)

COLUMNS = {
    ImportKind.HOUSEHOLDS: (importers.HOUSEHOLD_COLUMNS, importers.HOUSEHOLD_OPTIONAL_COLUMNS),
    ImportKind.PAYMENTS: (importers.PAYMENT_COLUMNS, ()),
    ImportKind.EXPENDITURES: (importers.EXPENDITURE_COLUMNS, ()),
}
RUNNERS = {
    ImportKind.HOUSEHOLDS: lambda path, by, since, dry_run: importers.import_households(
        path, since=since, dry_run=dry_run
    ),
    ImportKind.PAYMENTS: lambda path, by, since, dry_run: importers.import_payments(
        path, recorded_by=by, dry_run=dry_run
    ),
    ImportKind.EXPENDITURES: lambda path, by, since, dry_run: importers.import_expenditures(
        path, recorded_by=by, dry_run=dry_run
    ),
}


def _check_allowed(by) -> None:
    if not by.has_perm("ledger.import_ledger"):
        raise refuse(NOT_ALLOWED)


def _summary(result: importers.Result) -> tuple[dict, str]:
    """What the preview page shows, and a digest of every row's outcome and the totals."""
    digest = hashlib.sha256(
        json.dumps([result.rows, result.totals], sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    preview = {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "rows": len(result.rows),
        "first": result.rows[:PREVIEW_ROWS],
        "totals": result.totals,
    }
    return preview, digest


def _checked_upload(upload: UploadedFile | None) -> str:
    """The upload's suffix (.csv or .xlsx), or a refusal; what is inside is the importer's to judge."""
    if upload is None:
        raise refuse(FILE_REQUIRED, "file")
    if not upload.size:
        raise refuse(FILE_EMPTY, "file")
    if upload.size > IMPORT_MB * MB:
        raise refuse(FILE_TOO_LARGE, "file", size=f"{upload.size / MB:.1f}", limit=IMPORT_MB)
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise importers.ImportFailed(
            [importers.Problem(1, str(importers.WRONG_KIND % {"suffix": suffix or upload.name or "?"}))]
        )
    return suffix


def _discard_stale_previews(by, kind: str) -> None:
    """The uploader's earlier preview of the same kind, and anyone's forgotten ones, go with their files."""
    mine = Q(uploaded_by=by, kind=kind)
    forgotten = Q(created_at__lt=timezone.now() - KEEP_PREVIEW)
    for upload in LedgerImport.objects.select_for_update().filter(mine | forgotten, status=ImportStatus.PREVIEWED):
        _close(upload, ImportStatus.DISCARDED)


def _close(upload: LedgerImport, status: str) -> None:
    delete_on_commit(upload, "file")
    upload.status, upload.decided_at = status, timezone.now()
    upload.save(update_fields=["file", "status", "decided_at"])


@transaction.atomic
def import_preview(*, kind: str, upload: UploadedFile | None, by, since: date | None = None) -> LedgerImport:
    """Check the file as a dry run; keep it, with what it would do, until it is confirmed or discarded.

    Raises `importers.ImportFailed` (every bad row with its line) or a refusal; then nothing is kept."""
    _check_allowed(by)
    kind = ImportKind(kind)
    suffix = _checked_upload(upload)
    if since is not None:
        check_not_future(since, "since")
    content = b"".join(upload.chunks())
    record = LedgerImport(
        kind=kind,
        original_name=(upload.name or "")[-200:],
        sha256=hashlib.sha256(content).hexdigest(),
        since=since,
        uploaded_by=by,
    )
    record.file.save(f"{record.token.hex}{suffix}", ContentFile(content), save=False)
    # The file is written before the database: whatever goes wrong below, it must not stay behind.
    try:
        rows = len(importers.read_rows(record.file.path, *COLUMNS[kind]))
        if rows > MAX_ROWS:
            raise refuse(TOO_MANY_ROWS, "file", rows=rows, limit=MAX_ROWS)
        result = RUNNERS[kind](record.file.path, by, since, dry_run=True)
        _discard_stale_previews(by, kind)
        record.preview, record.digest = _summary(result)
        record.save()
    except BaseException:
        record.file.storage.delete(record.file.name)
        raise
    return record


def _locked(upload: LedgerImport, by) -> LedgerImport:
    _check_allowed(by)
    upload = LedgerImport.objects.select_for_update().get(pk=upload.pk)
    if upload.status != ImportStatus.PREVIEWED:
        raise refuse(NOT_PREVIEWED)
    if upload.uploaded_by_id != by.pk:
        raise refuse(NOT_YOURS)
    return upload


def _stored_file_intact(upload: LedgerImport) -> bool:
    try:
        with upload.file.open("rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest() == upload.sha256
    except (FileNotFoundError, ValueError):
        return False


@transaction.atomic
def import_confirm(*, upload: LedgerImport, by) -> importers.Result:
    """Write what the preview showed, all or nothing; refused if the file or what it would do has changed."""
    upload = _locked(upload, by)
    if not _stored_file_intact(upload):
        raise refuse(FILE_CHANGED)
    try:
        result = RUNNERS[upload.kind](upload.file.path, by, upload.since, dry_run=False)
    except importers.ImportFailed:
        raise refuse(PREVIEW_STALE) from None
    preview, digest = _summary(result)
    if digest != upload.digest:
        raise refuse(PREVIEW_STALE)  # the rows just written roll back with this transaction
    upload.preview = preview
    upload.save(update_fields=["preview"])
    _close(upload, ImportStatus.CONFIRMED)
    return result


@transaction.atomic
def import_recheck(*, upload: LedgerImport, by) -> list[importers.Problem]:
    """Preview the stored file again against the ledger as it is now. A file that is gone, or now has bad
    rows, is discarded: the problems are returned (the file's own lines, or one saying it changed)."""
    upload = _locked(upload, by)
    if not _stored_file_intact(upload):
        _close(upload, ImportStatus.DISCARDED)
        return [importers.Problem(1, str(FILE_CHANGED))]
    try:
        result = RUNNERS[upload.kind](upload.file.path, by, upload.since, dry_run=True)
    except importers.ImportFailed as failure:
        _close(upload, ImportStatus.DISCARDED)
        return failure.problems
    upload.preview, upload.digest = _summary(result)
    upload.save(update_fields=["preview", "digest"])
    return []


@transaction.atomic
def import_discard(*, upload: LedgerImport, by) -> LedgerImport:
    upload = _locked(upload, by)
    _close(upload, ImportStatus.DISCARDED)
    return upload


coded(globals())
