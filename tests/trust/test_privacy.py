"""Nothing personal leaves the staff pages: not the public pages, their JSON or PDFs, error pages or logs."""

import json
import logging
import re
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.urls import reverse
from django.views import defaults

from ledger.models import Entry, Household, InspectionRequest, Publication, ReceiptCheck
from repairs.models import Contractor, FaultReport
from tests.pdfs import pdf_text
from tests.trust import walk
from trustmgmt.base.privacy import NoQueryStringFilter, mask_flat


def personal_data() -> set[str]:
    names = set(Household.objects.values_list("owner_name", flat=True))
    phones = set(Household.objects.exclude(phone="").values_list("phone", flat=True))
    phones |= set(Contractor.objects.exclude(phone="").values_list("phone", flat=True))
    assert len(names) > 10 and len(phones) > 10
    contacts = set(InspectionRequest.objects.values_list("contact", flat=True))  # who asked to see a voucher
    assert contacts
    # Who reported a fault, and what they wrote (the place in their words, the description): staff only.
    reports = FaultReport.objects.select_related("order")
    reporters = set(reports.values_list("contact", flat=True)) | set(
        reports.exclude(place="").values_list("place", flat=True)
    )
    reporters |= {report.order.description for report in reports}
    assert len(reporters) > 10
    return names | phones | contacts | reporters


def public_urls(client) -> list[str]:
    """Every public URL the configuration has, for every month the index lists."""
    urls = [
        url for name, url in walk.urls(walk.load_demo(), sorted(walk.PUBLIC)) if name not in {"logout", "set_language"}
    ]
    index = client.get(reverse("disclosure:index")).content.decode()
    for year, month in sorted(set(re.findall(r"/disclosure/(\d{4})/(\d{2})/", index))):
        kwargs = {"year": year, "month": month}
        urls += [reverse(f"disclosure:{name}", kwargs=kwargs) for name in ("month", "month_json", "month_pdf")]
    for month in Publication.objects.values_list("month", flat=True):  # only a published month has a journal
        urls.append(reverse("disclosure:journal_json", kwargs={"year": f"{month:%Y}", "month": f"{month:%m}"}))
    # The fingerprint check's answers: for a payment's entry (a flat paid), a publication, an unknown one.
    check = reverse("verify:fingerprint")
    payment = Entry.objects.filter(kind="payment").first()
    for fingerprint in (payment.hash, payment.hash[:16], Publication.objects.first().fingerprint, "0" * 15 + "1"):
        urls.append(f"{check}?{urlencode({'fingerprint': fingerprint})}")
    return sorted(set(urls))


def flats() -> set[str]:
    """Full flat numbers as people write them: 12-2-301, 12幢2单元301."""
    rows = Household.objects.values_list("building", "unit", "room")
    return {f"{b}-{u}-{r}" for b, u, r in rows} | {f"{b}幢{u}单元{r}" for b, u, r in rows}


def text_of(response) -> str:
    if response["Content-Type"].startswith("application/pdf"):
        return pdf_text(response.content)
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    if response["Content-Type"].startswith("image/"):  # a share picture: drawn text is not text, but look anyway
        return b"".join(response.streaming_content if response.streaming else [response.content]).decode(
            errors="replace"
        )
    if response.streaming:  # a public voucher: its bytes, where a name would show as text too
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_no_public_response_shows_a_name_or_a_phone(demo_complex, db, client, language):
    personal = personal_data()
    client.cookies["django_language"] = language
    urls = public_urls(client)
    assert len(urls) > 10
    for url in urls:
        if url.endswith(".pdf") and language != "zh-hans":
            continue  # the PDFs are drawn from the same document in either language; once is enough
        response = client.get(url)
        assert response.status_code == 200, url
        text = text_of(response)
        leaked = sorted(value for value in personal if value in text)
        assert not leaked, f"{url} shows {leaked}"


# Public answers that are not pages the configuration names: a month never published, the staff documents'
# door (a redirect to the login), an address that does not exist.
REFUSALS = {"/disclosure/2099/01/": 404, "/documents/": 302, "/disclosure/nowhere/": 404}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_no_public_refusal_shows_a_name_or_a_phone(demo_complex, db, client, language):
    personal = personal_data()
    client.cookies["django_language"] = language
    for url, status in REFUSALS.items():
        response = client.get(url)
        assert response.status_code == status, url
        leaked = sorted(value for value in personal if value in text_of(response))
        assert not leaked, f"{url} shows {leaked}"


def test_the_fee_notice_for_the_board_names_nobody(demo_complex, db, client):
    """The committee prints it for the notice board: it is as public as the disclosure."""
    personal = personal_data()
    client.force_login(User.objects.get(username="committee"))
    year = walk.load_demo().fee_year
    response = client.get(reverse("documents:fee_notice"), {"year": year})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert not sorted(value for value in personal if value in text)


def test_the_check_would_notice_a_leak(demo_complex, db, client):
    client.force_login(User.objects.get(username="steward"))
    household = Household.objects.first()
    text = client.get(reverse("ledger:household", args=[household])).content.decode()
    assert household.owner_name in text


def test_the_check_would_notice_a_leak_in_a_pdf(demo_complex, db, client):
    """The staff reminders name owners, and the same extraction finds them: a name in a public PDF would show."""
    client.force_login(User.objects.get(username="committee"))
    response = client.get(reverse("documents:reminders"), {"year": walk.load_demo().fee_year})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = text_of(response)
    assert [name for name in Household.objects.values_list("owner_name", flat=True) if name in text]


def test_staff_tables_mask_phones(demo_complex, db, client):
    client.force_login(User.objects.get(username="steward"))
    text = client.get(reverse("ledger:households")).content.decode()
    phones = set(Household.objects.exclude(phone="").values_list("phone", flat=True))
    assert not [phone for phone in phones if phone in text], "the households table shows full phone numbers"


def test_error_pages_show_nothing_of_the_request(demo_complex, db, client):
    name = Household.objects.first().owner_name
    response = client.get(f"/disclosure/nowhere/?q={name}")
    assert response.status_code == 404 and name not in response.content.decode()
    request = RequestFactory().get(f"/ledger/desk/?q={name}")
    page = defaults.server_error(request).content.decode()
    assert name not in page and "desk" not in page


def test_a_desk_search_leaves_no_name_in_the_logs(demo_complex, db, client, caplog):
    name = Household.objects.first().owner_name
    client.force_login(User.objects.get(username="steward"))
    with caplog.at_level(logging.DEBUG):
        client.get(reverse("ledger:desk"), {"q": name})
        client.get(f"/ledger/no-such-page/?q={name}")
    assert not [record for record in caplog.records if name in record.getMessage()]
    # runserver's request lines: the configured logger drops query strings (test_masking.py shows how)
    assert any(isinstance(f, NoQueryStringFilter) for f in logging.getLogger("django.server").filters)


def test_a_receipt_check_shows_the_flat_masked_and_nobody(demo_complex, db, client):
    personal = personal_data()
    checks = list(ReceiptCheck.objects.select_related("payment__household").order_by("id")[:15])
    assert checks
    for check in checks:
        text = client.get(reverse("verify:receipt", args=[check.token])).content.decode()
        label = check.payment.household.label
        assert mask_flat(label) in text and f"{label}<" not in text and f"{label} " not in text
        assert not sorted(value for value in personal if value in text)


def test_the_own_flat_lookup_shows_the_flat_only_to_whoever_proves_it_and_never_a_name_or_phone(
    demo_complex, db, client
):
    personal = personal_data()
    household = Household.objects.exclude(phone="").filter(payments__isnull=False).first()
    digits = "".join(char for char in household.phone if char.isdigit())[-4:]
    url = reverse("verify:household")
    proved = client.post(url, {"flat": household.label, "phone_last4": digits})
    text = proved.content.decode()
    assert proved.status_code == 200 and household.label in text
    assert not sorted(value for value in personal if value in text)
    wrong = "0000" if digits != "0000" else "1111"
    refused = client.post(url, {"flat": household.label, "phone_last4": wrong}).content.decode()
    assert household.label not in refused
    assert not sorted(value for value in personal if value in refused)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_public_journal_and_the_checks_name_no_flat(demo_complex, db, client, language):
    """The new public outputs carry no full flat number either (a receipt check masks it; these omit it)."""
    client.cookies["django_language"] = language
    every_flat = flats()
    urls = [
        url
        for url in public_urls(client)
        if "journal.json" in url or url.startswith(("/verify/", "/disclosure/index.json", "/faults"))
    ]
    assert len(urls) > 5
    for url in urls:
        text = text_of(client.get(url))
        leaked = sorted(flat for flat in every_flat if re.search(rf"(?<![0-9]){re.escape(flat)}(?![0-9])", text))
        assert not leaked, f"{url} shows {leaked}"


def test_the_exported_copy_names_nobody(demo_complex, db, tmp_path, monkeypatch):
    """Every file export_disclosure writes. The notices are drawn by the same function the walk above reads
    (a month's PDF), so a stand-in keeps this quick."""
    from django.core.management import call_command

    monkeypatch.setattr("trustmgmt.disclosure.export.render_pdf", lambda template, context: b"%PDF-1.7 stand-in")
    call_command("export_disclosure", str(tmp_path / "copy"))
    personal, every_flat = personal_data(), flats()
    files = [path for path in (tmp_path / "copy").rglob("*") if path.is_file()]
    assert len(files) > 5
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        leaked = sorted(value for value in personal if value in text)
        leaked += sorted(flat for flat in every_flat if re.search(rf"(?<![0-9]){re.escape(flat)}(?![0-9])", text))
        assert not leaked, f"{path.relative_to(tmp_path)} shows {leaked}"
