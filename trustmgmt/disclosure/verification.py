"""Checks anyone can make without logging in (/verify/…): here, whether a fingerprint copied from a notice or
a receipt is still on the ledger, at the same place, with the chain unbroken from it to now.

What the page says about an entry is what `journal.json` publishes anyway (its place, kind, date and month),
never a flat or a name.
"""

import time
from dataclasses import dataclass
from datetime import date

from django import forms
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from ledger import journal, public_journal
from ledger.models import Entry, Kind
from trustmgmt.base.dates import month_label

FINGERPRINT_LENGTH = _(
    "A fingerprint has 64 characters, or type just its first 16 (four groups of four). What you typed has %(count)s."
)
FINGERPRINT_ALPHABET = _(
    "A fingerprint has only the digits 0–9 and the letters a–f (spaces and dashes between groups are fine). "
    "Check what you typed against the paper."
)
FULL_SECONDS = 600  # how long the chain may go without a full recomputation
CHECKPOINT_KEY = "verify:chain:checkpoint"


class FingerprintForm(forms.Form):
    fingerprint = forms.CharField(
        label=_("Fingerprint"),
        max_length=200,
        help_text=_("As printed on the notice or receipt, e.g. 3F9A 1C2B 7D4E 5A60; capitals or not."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "size": 40}
        ),
    )

    def clean_fingerprint(self) -> str:
        try:
            return public_journal.parse_fingerprint(self.cleaned_data["fingerprint"])
        except public_journal.NotAFingerprint as error:
            if error.code == "alphabet":
                raise forms.ValidationError(FINGERPRINT_ALPHABET, code="alphabet") from None
            raise forms.ValidationError(FINGERPRINT_LENGTH, code="length", params={"count": error.length}) from None


@dataclass(frozen=True)
class ChainStatus:
    entries: int
    broken_at: int | None  # the position of the first entry that does not verify
    broken: bool


def chain_status() -> ChainStatus:
    """The chain recomputed, once per state of the ledger.

    A full recomputation of a large ledger takes a second or more, and every payment changes the state. So
    between full ones (at most FULL_SECONDS apart) the check continues from where the last one ended and
    recomputes only the entries since: a busy desk does not cost each visitor a walk over the whole ledger,
    and a change to an older entry still shows within FULL_SECONDS.
    """
    head_hash, _length = public_journal.head()
    key = f"verify:chain:{head_hash}"
    status = cache.get(key)
    if status is not None:
        return status
    now = time.time()
    resumed = cache.get(CHECKPOINT_KEY)
    start, full_at = resumed if resumed and now - resumed[1] < FULL_SECONDS else (journal.START, now)
    checked, broken, end = journal.verify_from(start)
    position = None
    if broken is not None:
        position = checked + 1
        if broken.entry_id is not None:
            position = Entry.objects.filter(pk=broken.entry_id).values_list("position", flat=True).first() or position
    else:
        cache.set(CHECKPOINT_KEY, (end, full_at), max(1, int(FULL_SECONDS - (now - full_at))))
    status = ChainStatus(entries=checked, broken_at=position, broken=broken is not None)
    cache.set(key, status, FULL_SECONDS)
    return status


def _month_link(month: date) -> dict:
    args = {"year": f"{month:%Y}", "month": f"{month:%m}"}
    return {"label": month_label(month), "url": reverse("disclosure:month", kwargs=args)}


def _presented(found: public_journal.Found, status: ChainStatus) -> dict:
    return {
        "position": found.position,
        "kind": Kind(found.kind).label,
        "value_date": found.value_date,
        "disclosed_in": _month_link(found.period),
        "fingerprint": found.hash,
        "grouped": public_journal.grouped(found.hash),
        "legacy": found.legacy,
        "published_months": [_month_link(month) for month in found.published_months],
        "unbroken": not status.broken,
        "broken_after": status.broken and (status.broken_at or 0) > found.position,
    }


@require_GET
def fingerprint_check(request: HttpRequest) -> HttpResponse:
    form = FingerprintForm(request.GET if "fingerprint" in request.GET else None)
    context: dict = {"form": form, "title": _("Check a fingerprint")}
    if form.is_valid():
        typed = form.cleaned_data["fingerprint"]
        status = chain_status()
        context.update(
            checked=True,
            typed=public_journal.grouped(typed, len(typed)),
            matches=[_presented(found, status) for found in public_journal.find_fingerprint(typed)],
            status=status,
            genesis=typed == journal.GENESIS[: len(typed)],
        )
    return render(request, "disclosure/verify_fingerprint.html", context)
