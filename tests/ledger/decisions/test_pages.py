"""The staff's decision pages and the public ones: who may do what, and what the public sees."""

import pytest
from django.urls import reverse

from ledger.decisions import chain
from ledger.decisions import services as decisions
from ledger.models import Ballot, DecisionResult
from tests.ledger.decisions.builders import TODAY, flat, put, vote
from tests.pdfs import pdf_text


@pytest.fixture
def homes(db):
    return [flat(101, "80.00", owner="王堃", phone="13800000001"), flat(102, "70.00"), flat(103, "50.00")]


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        client.cookies["django_language"] = "en"
        return client

    return sign_in


def test_the_committee_puts_a_question(signed_in, committee, homes):
    client = signed_in(committee)
    assert client.get(reverse("ledger:decision_new")).status_code == 200
    response = client.post(
        reverse("ledger:decision_new"),
        {
            "topic": "budget",
            "title": "Budget 2025",
            "question": "Do you approve the 2025 budget?",
            "rule": "ordinary",
            "held_by": "door_to_door",
            "opens_on": TODAY.isoformat(),
            "closes_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Do you approve the 2025 budget?" in page.content.decode()


def test_the_steward_may_not_put_a_question(signed_in, steward, homes):
    assert signed_in(steward).get(reverse("ledger:decision_new")).status_code == 403


def test_the_steward_enters_and_corrects_a_ballot_on_the_page(signed_in, steward, committee, homes):
    decision = put(committee)
    client = signed_in(steward)
    url = reverse("ledger:ballot_add", args=[decision.pk])
    assert client.post(url, {"household": "1-1-101", "choice": "agree"}).status_code == 302
    refused = client.post(url, {"household": "1 1 101", "choice": "disagree"})
    assert refused.status_code == 400 and "has a ballot already" in refused.content.decode()
    assert client.post(url, {"household": "9-9-999", "choice": "agree"}).status_code == 400
    correction = reverse("ledger:ballot_correct", args=[decision.pk])
    response = client.post(
        correction,
        {"correction-household": "1-1-101", "correction-choice": "disagree", "correction-reason": "书面更正"},
    )
    assert response.status_code == 302
    assert list(Ballot.objects.order_by("id").values_list("choice", flat=True)) == ["agree", "disagree"]
    page = client.get(reverse("ledger:decision", args=[decision.pk])).content.decode()
    assert "1-1-101" in page and "书面更正" in page


def test_the_decision_page_takes_a_fixed_number_of_queries(
    signed_in, steward, committee, homes, django_assert_max_num_queries
):
    decision = put(committee)
    for home in homes:
        vote(decision, home, "agree", steward)
    client = signed_in(steward)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("ledger:decision", args=[decision.pk])).status_code == 200


def test_closing_on_the_page(signed_in, steward, committee, homes):
    decision = put(committee, closes_on=TODAY)
    for home in homes[:2]:
        vote(decision, home, "agree", steward)
    assert signed_in(steward).post(reverse("ledger:decision_close", args=[decision.pk])).status_code == 403
    client = signed_in(committee)
    assert client.post(reverse("ledger:decision_close", args=[decision.pk])).status_code == 302
    assert DecisionResult.objects.get().passed
    again = client.post(reverse("ledger:decision_close", args=[decision.pk]), follow=True)
    assert "recorded for good" in again.content.decode() and DecisionResult.objects.count() == 1


def test_the_public_sees_the_result_by_building_and_no_names(client, steward, committee, homes):
    decision = put(committee, closes_on=TODAY, title="Contract 2025")
    for home in homes[:2]:
        vote(decision, home, "agree", steward)
    result = decisions.decision_close(decision=decision, by=committee)
    page = client.get(reverse("disclosure:decision", args=[decision.pk])).content.decode()
    assert "Contract 2025" in page and result.hash in page
    assert "王堃" not in page and "1-1-101" not in page and "13800000001" not in page
    data = client.get(reverse("disclosure:decision_json", args=[decision.pk])).json()
    assert data["status"] == "closed" and data["content"]["passed"] is True
    assert data["content"]["participation"] == {"area": "0.7500", "owners": "0.6667"}
    assert data["content"]["buildings"][0]["agree"] == 2
    assert chain.digest(data["content"], data["prev_hash"]) == data["hash"]  # anyone can check it
    pdf = client.get(reverse("disclosure:decision_pdf", args=[decision.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Contract 2025" in text and "王堃" not in text
    listing = client.get(reverse("disclosure:decisions")).content.decode()
    assert "Contract 2025" in listing


def test_an_open_decision_shows_no_count_in_public(client, steward, committee, homes):
    decision = put(committee)
    vote(decision, homes[0], "agree", steward)
    data = client.get(reverse("disclosure:decision_json", args=[decision.pk])).json()
    assert data["status"] == "open" and "content" not in data
    assert client.get(reverse("disclosure:decision_pdf", args=[decision.pk])).status_code == 404
    assert client.get(reverse("disclosure:decision", args=[decision.pk])).status_code == 200
    assert client.get(reverse("disclosure:decision", args=[decision.pk + 1])).status_code == 404


def test_the_notice_and_the_page_read_chinese(client, steward, committee, homes):
    decision = put(committee, closes_on=TODAY, title="2025年度收支预算")
    for home in homes:
        vote(decision, home, "agree", steward)
    decisions.decision_close(decision=decision, by=committee)
    client.cookies["django_language"] = "zh-hans"
    page = client.get(reverse("disclosure:decision", args=[decision.pk])).content.decode()
    assert "通过：业主同意。" in page and "按面积" in page and "过半数" in page
    text = pdf_text(client.get(reverse("disclosure:decision_pdf", args=[decision.pk])).content)
    assert "表决结果公告" in text and "2025年度收支预算" in text


def test_a_ballot_scan_is_for_staff_only(client, signed_in, steward, committee, outsider, homes):
    from tests.repairs.uploads import pdf

    decision = put(committee)
    ballot = decisions.ballot_record(decision=decision, household=homes[0], choice="agree", by=steward, scan=pdf())
    url = reverse("ledger:ballot_scan", args=[ballot.pk])
    assert client.get(url).status_code == 302  # to the login page
    assert signed_in(outsider).get(url).status_code == 403
    response = signed_in(steward).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_the_staff_list_calls_the_dates_the_voting_period(client, committee):
    """表决中 is a state (a vote still open), not the name of the dates a closed vote ran between."""
    client.force_login(committee)
    client.cookies["django_language"] = "zh-hans"
    html = client.get(reverse("ledger:decisions")).content.decode()
    assert "<th>表决期间</th>" in html and "<th>表决中</th>" not in html
