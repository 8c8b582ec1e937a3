"""The month's page and its notice tell anyone how to check, in plain Chinese, and never name a command."""

from datetime import date

import pytest
from django.conf import settings

from ledger.models import Publication
from tests.pdfs import pdf_text
from trustmgmt.disclosure.services import publish


@pytest.fixture
def published(ledger, committee):
    publish(month=date(2024, 1, 1), by=committee)
    return Publication.objects.get()


def grouped(fingerprint: str) -> str:
    return " ".join(fingerprint[i : i + 4] for i in range(0, 16, 4)).upper()


def test_the_page_explains_the_three_checks_in_plain_chinese(client, published):
    page = client.get("/disclosure/2024/01/").content.decode()
    assert "人人都能核对" in page
    assert "核对收据：扫描收据上的二维码，或在" in page and f'href="{settings.PUBLIC_BASE_URL}/verify/receipt/"' in page
    assert "核对本户：在" in page and f'href="{settings.PUBLIC_BASE_URL}/verify/household/"' in page
    assert f"四个字符一组：{grouped(published.fingerprint)}。" in page
    assert "核对整本账：任何人都可以在电脑上下载" in page and "python3 verify_disclosure.py" in page
    assert 'href="/disclosure/verify_disclosure.py"' in page
    assert f'href="/verify/fingerprint/?fingerprint={published.fingerprint[:16]}"' in page
    assert "如有任何不符，请告诉业委会。" in page


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_no_public_page_names_a_management_command(client, published, language):
    client.cookies["django_language"] = language
    for url in ("/disclosure/", "/disclosure/2024/01/", "/disclosure/2024/02/", "/verify/fingerprint/"):
        page = client.get(url).content.decode()
        assert "verify_ledger" not in page and "manage.py" not in page, url


def test_the_page_prints_the_short_fingerprint_in_groups_of_four(client, published):
    page = client.get("/disclosure/2024/01/").content.decode()
    assert f'<strong class="fingerprint-short">{grouped(published.fingerprint)}</strong>' in page


def test_the_notice_prints_the_short_fingerprint_and_the_check_as_a_qr_code(client, published):
    response = client.get("/disclosure/2024/01.pdf")
    text = pdf_text(response.content)
    assert grouped(published.fingerprint) in text
    assert "扫码核对指纹" in text
