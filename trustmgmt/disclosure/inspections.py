"""Owners' inspection requests (查账) on the public pages: the form, the thanks, the counts, public vouchers.

A resident names an expenditure's voucher they want to see, their flat and a contact; the staff answer
within `INSPECTION_ANSWER_DAYS` (ledger.inspections). The public pages show how many were asked and
answered, never who asked. Counts and voucher links are live, kept out of a month's stored document, and
part of the cache key through `LedgerState.public`, so a new or answered request shows at once.
"""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from ledger.inspections import selectors
from ledger.inspections import services as inspections
from ledger.models import Expenditure
from ledger.models.inspections import InspectionRequest, PublicVoucher
from trustmgmt.base import throttle
from trustmgmt.base.files import serve_file
from trustmgmt.base.forms import add_service_errors
from trustmgmt.disclosure.forms import InspectionForm

TOKEN_SALT = "disclosure.inspection.thanks"  # noqa: S105 (a signing salt, not a password)
# Wrong attempts (a mistyped flat) count too, at a looser limit, so the form cannot be used to try rooms.
ATTEMPTS_PER_REQUEST = 4


def _limit_reached(request: HttpRequest) -> bool:
    limit = settings.INSPECTION_REQUESTS_PER_HOUR
    made = throttle.current(throttle.key("inspection-made", request))
    return made >= limit or throttle.count(throttle.key("inspection-tried", request)) > limit * ATTEMPTS_PER_REQUEST


def _disclosed_or_404(pk: int) -> Expenditure:
    expenditure = get_object_or_404(Expenditure.objects.for_public_display(), pk=pk)
    if not selectors.is_disclosed(expenditure):
        raise Http404
    return expenditure


@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    expenditure = _disclosed_or_404(pk)
    form = InspectionForm(request.POST or None)
    if request.method == "POST":
        if _limit_reached(request):
            return render(request, "disclosure/inspection_throttled.html", {"expenditure": expenditure}, status=429)
        if form.is_valid():
            try:
                created = inspections.inspection_request_create(expenditure=expenditure, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                throttle.count(throttle.key("inspection-made", request))
                token = signing.dumps(created.pk, salt=TOKEN_SALT)
                return redirect("disclosure:inspection_thanks", token=token)
    context = {
        "expenditure": expenditure,
        "form": form,
        "days": settings.INSPECTION_ANSWER_DAYS,
        "voucher_url": public_voucher_url(expenditure.pk),
    }
    return render(request, "disclosure/inspection_ask.html", context)


@require_GET
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    """The reference number and the deadline; the token is signed, so nobody can page through requests."""
    try:
        pk = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        raise Http404 from None
    asked = get_object_or_404(InspectionRequest.objects.select_related("expenditure"), pk=pk)
    return render(request, "disclosure/inspection_thanks.html", {"asked": asked, "expenditure": asked.expenditure})


@require_GET
def public_voucher(request: HttpRequest, pk: str, ext: str) -> HttpResponse:
    """A voucher the committee made public, as its copy without photo metadata; any other is not found."""
    voucher = PublicVoucher.objects.filter(expenditure_id=int(pk), public=True).exclude(file="").first()
    if voucher is None or voucher.extension != ext:
        raise Http404
    response = serve_file(voucher.file)
    response["Cache-Control"] = "public, max-age=300"  # a withdrawn voucher is gone within minutes
    return response


def voucher_url(expenditure_id: int, file_name: str) -> str:
    """With the file's extension, so that the page knows a photo (shown small) from a PDF (linked)."""
    return reverse("disclosure:public_voucher", args=[expenditure_id, file_name.rsplit(".", 1)[-1].lower()])


def public_voucher_url(expenditure_id: int) -> str:
    voucher = PublicVoucher.objects.filter(expenditure_id=expenditure_id, public=True).exclude(file="").first()
    return voucher_url(expenditure_id, voucher.file.name) if voucher else ""


def with_public_vouchers(document: dict, state) -> dict:
    """The document with `voucher_url` on each spending line whose voucher is public (a copy: a published
    month's stored document is never changed). No query while no voucher is public."""
    if not state.public.public_vouchers or not document.get("expenditures"):
        return document
    ids = {line.get("expenditure_id") for line in document["expenditures"]} - {None}
    public = dict(
        PublicVoucher.objects.filter(expenditure_id__in=ids, public=True)
        .exclude(file="")
        .values_list("expenditure_id", "file")
    )
    if not public:
        return document
    lines = [
        {**line, "voucher_url": voucher_url(line["expenditure_id"], public[line["expenditure_id"]])}
        if line.get("expenditure_id") in public and not line.get("reversal")
        else line
        for line in document["expenditures"]
    ]
    return {**document, "expenditures": lines}


def counts(state, month=None) -> selectors.Counts:
    """The public counts (of all requests, or about `month`'s spending); no query while none was asked."""
    if not state.public.asked:
        return selectors.Counts()
    return selectors.counts(month=month)
