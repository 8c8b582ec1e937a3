"""No personal data in any public response: every public URL of a seeded demo, for every owner's name and phone."""

import re

import pytest
from django.contrib.auth.models import User

from ledger.models import Household
from repairs.models import Contractor
from tests.pdfs import pdf_text
from trustmgmt import demo


@pytest.fixture
def seeded_demo(db):
    demo.seed(households=48, years=1, seed=7)


def _public_urls(client, *, pdfs: bool) -> list[str]:
    index = client.get("/disclosure/").content.decode()
    months = sorted(set(re.findall(r"/disclosure/(\d{4}/\d{2})/", index)))
    assert len(months) >= 2
    urls = ["/", "/disclosure/", "/disclosure/2099/01/", "/documents/"]
    for month in months:
        urls += [f"/disclosure/{month}/", f"/disclosure/{month}.json"]
        if pdfs:
            urls.append(f"/disclosure/{month}.pdf")
    return urls


def test_no_public_response_names_an_owner_or_shows_a_phone(client, seeded_demo):
    """One test, so the demo is built once (about ten seconds)."""
    names = set(Household.objects.values_list("owner_name", flat=True))
    phones = set(Household.objects.exclude(phone="").values_list("phone", flat=True))
    phones |= set(Contractor.objects.values_list("phone", flat=True))
    assert len(names) > 20 and len(phones) > 20
    for language in ("zh-hans", "en"):
        client.cookies["django_language"] = language
        # The PDFs are drawn from the same document as the pages; once is enough for them.
        for url in _public_urls(client, pdfs=language == "zh-hans"):
            response = client.get(url)
            assert response.status_code in (200, 302, 404), url
            if response["Content-Type"].startswith("application/pdf"):
                text = pdf_text(response.content)
            else:
                text = response.content.decode()
            leaked = sorted(name for name in names if name in text) + sorted(p for p in phones if p in text)
            assert not leaked, f"{url} shows {leaked}"

    # The check can fail: the staff reminders name owners, and the same extraction finds them.
    client.force_login(User.objects.get(username="committee"))
    year = Household.objects.first().dues.order_by("-fee_plan__year").first().fee_plan.year
    text = pdf_text(client.get(f"/documents/reminders.pdf?year={year}").content)
    assert any(name in text for name in names)
