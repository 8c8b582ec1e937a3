"""What the ledger's views share: finding things by the names people use, and serving stored files."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from ledger import receipts, uploads
from ledger.models import Household, Payment


def household_or_404(flat: tuple[int, int, int]) -> Household:
    building, unit, room = flat
    return get_object_or_404(Household, building=building, unit=unit, room=room)


def payment_or_404(receipt_no: str) -> Payment:
    payment = receipts.payment_by_receipt(receipt_no)
    if payment is None:
        raise Http404
    return payment


def serve_voucher(field) -> FileResponse:
    """A stored voucher, streamed to staff (the view checks the permission), never through MEDIA_URL."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = field.name.rsplit("/", 1)[-1]
    response = FileResponse(handle, as_attachment=False, filename=name, content_type=uploads.content_type(name))
    response["Cache-Control"] = "private, max-age=3600"
    # A voucher is shown, never run: no scripts even if a PDF viewer or an SVG tried.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; object-src 'self'; sandbox"
    return response
