"""The repairs pages: each renders, takes its step through the services, and shows what it must."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from ledger.models import Expenditure
from repairs.models import CostLine, Patrol, Status, WorkOrder
from tests.builders import advance, report

from .uploads import photo, text_posing_as

EN = {"django_language": "en"}


@pytest.fixture
def steward_client(client, steward):
    client.force_login(steward)
    client.cookies.load(EN)
    return client


@pytest.fixture
def committee_client(client, committee):
    client.force_login(committee)
    client.cookies.load(EN)
    return client


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_list_shows_orders_with_status_place_and_cost(steward_client, order_at):
    order = order_at("done")
    html = steward_client.get(reverse("repairs:workorders")).content.decode()
    assert order.number in html and "Building 12, unit 2" in html and "45.00" in html and "Done" in html


def test_the_list_filters_by_status_and_text(steward_client, order_at):
    done = order_at("done")
    open_one = order_at("reported", description="北门门禁坏了", building=None, unit=None, common_area="gate")
    html = steward_client.get(reverse("repairs:workorders"), {"status": "reported"}).content.decode()
    assert open_one.number in html and done.number not in html
    html = steward_client.get(reverse("repairs:workorders"), {"q": "门禁"}).content.decode()
    assert open_one.number in html and done.number not in html


def test_the_list_exports_csv_and_xlsx(steward_client, order_at):
    order = order_at("settled")
    response = steward_client.get(reverse("repairs:workorders"), {"_export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert order.number in text and "45.00" in text and "楼道灯不亮" in text  # the description is in the export
    response = steward_client.get(reverse("repairs:workorders"), {"_export": "xlsx"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.content[:2] == b"PK"


def test_the_detail_shows_the_timeline_the_cost_lines_and_the_next_steps(steward_client, order_at, roof, steward):
    order = order_at("done")
    from repairs import services

    services.cost_line_add(order=order, price_item=roof, quantity=Decimal("1.5"), by=steward)
    html = steward_client.get(reverse("repairs:order", args=[order.number])).content.decode()
    for text in ("Reported", "Assigned to the contractor", "Work done", "2024-05-09", "Steward"):
        assert text in html
    assert "142.50" in html and "88.00" in html and "above reference" in html and "187.50" in html
    for step in ("accept", "send_back", "cancel"):
        assert reverse("repairs:order_step", args=[order.number, step]) in html
    assert reverse("repairs:order_step", args=[order.number, "settle"]) not in html


def test_the_committee_sees_no_steward_steps_but_may_approve_charges(committee_client, steward, roof):
    order = advance(report(steward), "accepted", steward, lines=[(roof, "1")])
    html = committee_client.get(reverse("repairs:order", args=[order.number])).content.decode()
    assert "/step/" not in html and reverse("repairs:order_approve_charges", args=[order.number]) in html
    response = committee_client.post(reverse("repairs:order_approve_charges", args=[order.number]))
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.charges_approved_at is not None


def test_reporting_a_fault_with_photos(steward_client, household):
    response = steward_client.post(
        reverse("repairs:order_report"),
        {
            "reported_on": "2024-05-06",
            "reporter": "household",
            "household": "12-2-301",
            "category": "lighting",
            "description": "三楼楼道灯不亮",
            "pool": "maintenance",
            "photos": [photo("a.jpg"), photo("b.jpg")],
        },
    )
    order = WorkOrder.objects.get()
    assert response.status_code == 302 and response.url == reverse("repairs:order", args=[order.number])
    assert (order.household, order.building, order.unit, order.photos.count()) == (household, 12, 2, 2)


def test_a_report_with_a_file_that_is_not_a_photo_is_refused_on_the_form(steward_client):
    response = steward_client.post(
        reverse("repairs:order_report"),
        {
            "reported_on": "2024-05-06",
            "reporter": "steward",
            "building": "12",
            "category": "lighting",
            "description": "灯不亮",
            "pool": "maintenance",
            "photos": [text_posing_as("灯.jpg", "image/jpeg")],
        },
    )
    assert response.status_code == 200
    assert "is not a photo" in response.content.decode()
    assert WorkOrder.objects.count() == 0


def test_an_unknown_household_is_refused_on_the_form(steward_client, household):
    response = steward_client.post(
        reverse("repairs:order_report"),
        {
            "reported_on": "2024-05-06",
            "reporter": "household",
            "household": "99-1-101",
            "category": "lighting",
            "description": "灯不亮",
            "pool": "maintenance",
        },
    )
    assert "No household 99-1-101" in response.content.decode() and WorkOrder.objects.count() == 0


def test_taking_a_step_through_its_page(steward_client, order_at):
    order = order_at("reported")
    url = reverse("repairs:order_step", args=[order.number, "assign"])
    assert "Assign to the contractor" in steward_client.get(url).content.decode()
    response = steward_client.post(url, {"day": "2024-05-07"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == Status.ASSIGNED


def test_an_illegal_step_page_says_why_and_the_post_changes_nothing(steward_client, order_at):
    order = order_at("settled")
    url = reverse("repairs:order_step", args=[order.number, "assign"])
    assert "is not possible" in steward_client.get(url).content.decode()
    response = steward_client.post(url, {"day": "2024-05-20"})
    assert response.status_code == 200 and "is not possible" in response.content.decode()
    order.refresh_from_db()
    assert order.status == Status.SETTLED


def test_settling_through_the_page_posts_the_expenditure(steward_client, order_at, settings):
    settings.EXPENDITURE_APPROVAL_THRESHOLD = Decimal("500.00")
    order = order_at("accepted")
    url = reverse("repairs:order_step", args=[order.number, "settle"])
    html = steward_client.get(url).content.decode()
    assert "45.00 yuan" in html and "posted in the ledger at once" in html
    steward_client.post(url, {"day": "2024-05-12"})
    assert Expenditure.objects.get().amount == Decimal("45.00")
    html = steward_client.get(reverse("repairs:order", args=[order.number])).content.decode()
    assert "posted in the ledger" in html


def test_adding_a_cost_line_from_the_price_list_and_by_hand(steward_client, order_at, gutter):
    order = order_at("assigned")
    url = reverse("repairs:order_add_line", args=[order.number])
    assert "疏通天沟" in steward_client.get(url).content.decode()
    steward_client.post(url, {"price_item": gutter.pk, "quantity": "2.5"})
    steward_client.post(
        url,
        {
            "quantity": "1",
            "description": "高空作业车",
            "unit": "台班",
            "unit_price": "260.00",
            "justification": "价目表无此项",
        },
    )
    assert list(order.cost_lines.values_list("amount", flat=True)) == [
        Decimal("45.00"),
        Decimal("31.25"),
        Decimal("260.00"),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"price_item": "99999", "quantity": "1"}, "not on the price list"),
        (
            {
                "price_item": "",
                "quantity": "-2",
                "description": "x",
                "unit": "项",
                "unit_price": "1",
                "justification": "y",
            },
            "above zero",
        ),
        (
            {
                "price_item": "",
                "quantity": "1",
                "description": "灯" * 101,
                "unit": "项",
                "unit_price": "1",
                "justification": "y",
            },
            "at most 100 characters",
        ),
        (
            {
                "price_item": "",
                "quantity": "1",
                "description": "x",
                "unit": "项",
                "unit_price": "1",
                "justification": "",
            },
            "cannot be left empty",
        ),
    ],
)
def test_a_bad_cost_line_is_refused_on_the_form_and_nothing_is_written(steward_client, order_at, data, message):
    order = order_at("assigned")
    response = steward_client.post(reverse("repairs:order_add_line", args=[order.number]), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert CostLine.objects.count() == 1


def test_a_huge_photo_upload_is_refused_on_the_form(steward_client, order_at):
    from .uploads import huge

    order = order_at("done")
    response = steward_client.post(
        reverse("repairs:order_add_photo", args=[order.number]), {"image": huge("大.jpg", 9)}
    )
    assert response.status_code == 200 and "the limit is 8 MB" in response.content.decode()
    assert order.photos.count() == 0


def test_photos_are_served_to_staff_only(steward_client, client, order_at, steward):
    order = report(steward, photos=[photo()])
    url = reverse("repairs:photo", args=[order.photos.get().pk])
    assert steward_client.get(url)["Content-Type"] == "image/jpeg"
    steward_client.logout()
    assert client.get(url).status_code == 302


def test_recording_a_patrol_and_raising_an_order_from_it(steward_client, contract):
    response = steward_client.post(
        reverse("repairs:patrol_record"),
        {"patrolled_on": "2024-05-06", "inspector": "张国平", "area": "1–6幢", "findings": "3幢天沟堵塞"},
    )
    patrol = Patrol.objects.get()
    assert response.url == reverse("repairs:patrol", args=[patrol.pk])
    html = steward_client.get(response.url).content.decode()
    assert f"{reverse('repairs:order_report')}?patrol={patrol.pk}" in html
    steward_client.post(
        f"{reverse('repairs:order_report')}?patrol={patrol.pk}",
        {
            "reported_on": "2024-05-06",
            "reporter": "steward",
            "building": "3",
            "category": "drains",
            "description": "天沟堵塞",
            "pool": "maintenance",
        },
    )
    assert WorkOrder.objects.get().patrol == patrol
    html = steward_client.get(reverse("repairs:patrols")).content.decode()
    assert "1–6幢" in html


def test_the_patrol_list_exports(steward_client, steward):
    from repairs import services

    services.patrol_record(
        patrolled_on=date(2024, 5, 6), inspector="张国平", area="1–6幢", findings="未发现问题", recorded_by=steward
    )
    response = steward_client.get(reverse("repairs:patrols"), {"_export": "csv"})
    assert "未发现问题" in response.content.decode("utf-8-sig")


def test_the_contract_page_shows_the_price_list_beside_the_reference(steward_client, contract, lamp, roof):
    html = steward_client.get(reverse("repairs:contract", args=[contract.pk])).content.decode()
    assert "更换楼道LED灯" in html and "95.00" in html and "88.00" in html and "above reference" in html
    assert "40 for, 2 against; 42 of 50 households voted" in html


def test_the_committee_records_a_contract_with_its_document(committee_client, contractor):
    from .uploads import pdf

    response = committee_client.post(
        reverse("repairs:contract_create"),
        {
            "contractor": contractor.pk,
            "title": "2024年合同",
            "signed_on": "2024-03-01",
            "starts_on": "2024-03-01",
            "households": "50",
            "votes_for": "40",
            "votes_against": "2",
            "document": pdf(),
        },
    )
    assert response.status_code == 302
    contract = contractor.contracts.get()
    assert contract.ends_on == date(2025, 2, 28)
    assert (
        committee_client.get(reverse("repairs:contract_document", args=[contract.pk]))["Content-Type"]
        == "application/pdf"
    )


def test_a_contract_document_that_is_not_a_pdf_is_refused_on_the_form(committee_client, contractor):
    response = committee_client.post(
        reverse("repairs:contract_create"),
        {
            "contractor": contractor.pk,
            "title": "2024年合同",
            "signed_on": "2024-03-01",
            "starts_on": "2024-03-01",
            "households": "50",
            "votes_for": "40",
            "votes_against": "2",
            "document": text_posing_as("合同.pdf", "application/pdf"),
        },
    )
    assert "neither a PDF nor an image" in response.content.decode() and not contractor.contracts.exists()


def test_the_overview_shows_open_orders_and_figures(steward_client, order_at):
    order_at("settled")
    open_one = order_at("reported")
    html = steward_client.get(reverse("repairs:overview")).content.decode()
    assert open_one.number in html and "Days from report to done" in html


def test_pages_are_in_chinese_by_default(client, steward, order_at):
    order = order_at("done")
    client.force_login(steward)
    html = client.get(reverse("repairs:order", args=[order.number])).content.decode()
    assert "已完工" in html and "验收" in html and "12幢2单元" in html


def test_the_committee_finds_the_charges_awaiting_it(committee_client, steward, roof, lamp):
    waiting = advance(report(steward), Status.ACCEPTED, steward, lines=[(roof, "1")])
    plain = advance(report(steward), Status.ACCEPTED, steward, lines=[(lamp, "1")])
    html = committee_client.get(reverse("repairs:overview")).content.decode()
    assert "Charges awaiting the committee" in html and "?awaiting=on" in html
    html = committee_client.get(reverse("repairs:workorders"), {"awaiting": "on"}).content.decode()
    assert waiting.number in html and plain.number not in html
    html = committee_client.get(reverse("repairs:workorders")).content.decode()
    assert waiting.number in html and plain.number in html
