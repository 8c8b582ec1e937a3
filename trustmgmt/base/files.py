"""Serving stored uploads (vouchers, photos, contract documents) to whoever the view has already let in.

Files are never served through a public media URL: each view checks its permission, then calls `serve_file`.
"""

from django.db import transaction
from django.http import FileResponse, Http404

from trustmgmt.base import uploads


def serve_file(field, *, download_name: str | None = None) -> FileResponse:
    """A stored upload, streamed with the type its content was checked to be; 404 when there is none."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = field.name.rsplit("/", 1)[-1]
    response = FileResponse(
        handle, as_attachment=False, filename=download_name or name, content_type=uploads.content_type(name)
    )
    response["Cache-Control"] = "private, max-age=3600"
    # A file is shown, never run: no scripts even if a PDF viewer or an SVG tried.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; object-src 'self'; sandbox"
    return response


def delete_on_commit(instance, field_name: str) -> None:
    """Empty a file field now and delete its file once the transaction commits: a rollback keeps the file."""
    field = getattr(instance, field_name)
    if field:
        storage, name = field.storage, field.name
        transaction.on_commit(lambda: storage.delete(name))
    setattr(instance, field_name, "")
