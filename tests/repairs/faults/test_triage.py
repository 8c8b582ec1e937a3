"""The steward triages each resident's report: accept, merge into an open order, or decline with a public reason.
Nobody else may; a refused triage writes nothing."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from repairs import services
from repairs.faults import services as faults
from repairs.models import FaultReport, Status, Transition, Triage, WorkOrder
from tests.builders import fault_report, report
from trustmgmt.base.refusals import codes

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEXT_MORNING = datetime(2024, 5, 7, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def waiting(household):
    return fault_report()


def snapshot() -> tuple:
    """Everything a triage may change."""
    return (
        list(FaultReport.objects.values_list("triage", "triaged_by", "triaged_at", "merged_into", "public_reason")),
        list(WorkOrder.objects.order_by("id").values_list("status", "category", "building", "unit", "common_area")),
        Transition.objects.count(),
    )


def test_accepting_keeps_the_order_for_the_normal_lifecycle(waiting, steward, contract):
    accepted = faults.fault_report_accept(report=waiting, by=steward, triaged_at=NEXT_MORNING)
    assert (accepted.triage, accepted.triaged_by, accepted.triaged_at) == (Triage.ACCEPTED, steward, NEXT_MORNING)
    order = WorkOrder.objects.get(pk=waiting.order_id)
    assert order.status == Status.REPORTED
    step = order.transitions.last()
    assert (step.action, step.by, step.effective_on) == ("accept_report", steward, date(2024, 5, 7))
    order = services.work_order_assign(order=order, by=steward, assigned_on=date(2024, 5, 7))
    assert order.status == Status.ASSIGNED and order.contract == contract


def test_accepting_may_correct_the_kind_and_the_place_the_public_sees(waiting, steward):
    faults.fault_report_accept(
        report=waiting, by=steward, category="doors", building=None, unit=None, common_area="gate",
        triaged_at=NEXT_MORNING,
    )  # fmt: skip
    order = WorkOrder.objects.get(pk=waiting.order_id)
    assert (order.category, order.building, order.unit, order.common_area) == ("doors", None, None, "gate")


def test_merging_cancels_the_duplicate_and_points_to_the_open_order(waiting, steward, contract):
    earlier = services.work_order_assign(order=report(steward), by=steward, assigned_on=date(2024, 5, 6))
    merged = faults.fault_report_merge(report=waiting, into=earlier, by=steward, triaged_at=NEXT_MORNING)
    assert (merged.triage, merged.merged_into) == (Triage.MERGED, earlier)
    duplicate = WorkOrder.objects.get(pk=waiting.order_id)
    assert duplicate.status == Status.CANCELLED and duplicate.cancel_reason == f"重复报修，同 {earlier.number}"
    assert duplicate.cancelled_on == date(2024, 5, 7)
    earlier.refresh_from_db()
    assert earlier.status == Status.ASSIGNED


def test_declining_cancels_the_order_with_the_public_reason(waiting, steward):
    reason = "室内管道属住户自有部分，不由物业费维修。"
    declined = faults.fault_report_decline(report=waiting, reason=reason, by=steward, triaged_at=NEXT_MORNING)
    assert (declined.triage, declined.public_reason) == (Triage.DECLINED, reason)
    order = WorkOrder.objects.get(pk=waiting.order_id)
    assert (order.status, order.cancel_reason) == (Status.CANCELLED, reason)


@pytest.mark.parametrize("who", ["committee", "outsider"])
@pytest.mark.parametrize("path", ["accept", "merge", "decline"])
def test_only_the_steward_triages_and_a_refusal_writes_nothing(waiting, steward, request, who, path):
    user = request.getfixturevalue(who)
    other = report(steward)
    before = snapshot()
    calls = {
        "accept": lambda: faults.fault_report_accept(report=waiting, by=user),
        "merge": lambda: faults.fault_report_merge(report=waiting, into=other, by=user),
        "decline": lambda: faults.fault_report_decline(report=waiting, reason="不是公共部位", by=user),
    }
    with pytest.raises(ValidationError) as refused:
        calls[path]()
    assert codes(refused.value) == ["cannot_triage"]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda r, s, o: faults.fault_report_decline(report=r, reason="  ", by=s), "decline_reason_required"),
        (lambda r, s, o: faults.fault_report_decline(report=r, reason="x\x00", by=s), "null_character"),
        (lambda r, s, o: faults.fault_report_merge(report=r, into=r.order, by=s), "merge_target_invalid"),
        (lambda r, s, o: faults.fault_report_merge(report=r, into=o, by=s), "merge_target_invalid"),  # cancelled
        (lambda r, s, o: faults.fault_report_accept(report=r, by=s, category="fireworks"), "category_invalid"),
        (lambda r, s, o: faults.fault_report_accept(report=r, by=s, unit=2), None),  # a unit alone: no change
        (
            lambda r, s, o: faults.fault_report_accept(
                report=r, by=s, triaged_at=datetime(2024, 5, 1, tzinfo=SHANGHAI)
            ),
            "date_before",
        ),
    ],
    ids=["no-reason", "null", "itself", "closed-order", "category", "unit-alone", "before-report"],
)
def test_a_bad_triage_is_refused_and_writes_nothing(waiting, steward, call, code):
    closed = services.work_order_cancel(order=report(steward), reason="误报", by=steward)
    before = snapshot()
    if code is None:
        call(waiting, steward, closed)
        return
    with pytest.raises(ValidationError) as refused:
        call(waiting, steward, closed)
    assert codes(refused.value) == [code]
    assert snapshot() == before


def test_a_report_is_triaged_once(waiting, steward):
    faults.fault_report_decline(report=waiting, reason="已修好", by=steward)
    before = snapshot()
    for again in (
        lambda: faults.fault_report_accept(report=waiting, by=steward),
        lambda: faults.fault_report_decline(report=waiting, reason="再说一次", by=steward),
    ):
        with pytest.raises(ValidationError) as refused:
            again()
        assert codes(refused.value) == ["already_triaged"]
    assert snapshot() == before


def test_an_order_cancelled_meanwhile_cannot_be_accepted(waiting, steward):
    services.work_order_cancel(order=waiting.order, reason="误报", by=steward)
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        faults.fault_report_accept(report=waiting, by=steward)
    assert codes(refused.value) == ["order_not_reported"]
    assert snapshot() == before


# Through the staff pages


def test_the_steward_sees_the_reports_waiting_with_the_flat_and_contact(waiting, steward, signed_in):
    client = signed_in(steward)
    listing = client.get(reverse("repairs:fault_reports")).content.decode()
    assert waiting.reference in listing and "12-2-301" in listing
    page = client.get(reverse("repairs:fault_report", args=[waiting.pk])).content.decode()
    assert "13912345678" in page and "三楼楼道灯不亮" in page
    assert reverse("repairs:fault_report_decline", args=[waiting.pk]) in page
    overview = client.get(reverse("repairs:overview")).content.decode()
    assert f'href="{reverse("repairs:fault_reports")}"><span class="label">' in overview


@pytest.mark.parametrize(
    ("path", "data", "triage"),
    [
        ("accept", {"category": "lighting", "building": "12", "unit": "2"}, Triage.ACCEPTED),
        ("merge", "into", Triage.MERGED),
        ("decline", {"reason": "已由住户自行修好"}, Triage.DECLINED),
    ],
)
def test_each_triage_through_its_page(waiting, steward, signed_in, path, data, triage):
    if data == "into":
        data = {"into": str(report(steward).pk)}
    response = signed_in(steward).post(reverse(f"repairs:fault_report_{path}", args=[waiting.pk]), data)
    assert response.status_code == 302 and response["Location"] == reverse("repairs:fault_reports")
    waiting.refresh_from_db()
    assert waiting.triage == triage


@pytest.mark.parametrize("path", ["accept", "merge", "decline"])
def test_the_committee_is_refused_the_triage_pages_and_nothing_is_written(waiting, steward, committee, signed_in, path):
    other = report(steward)
    before = snapshot()
    data = {"category": "lighting", "building": "12", "into": str(other.pk), "reason": "不是公共部位"}
    response = signed_in(committee).post(reverse(f"repairs:fault_report_{path}", args=[waiting.pk]), data)
    assert response.status_code == 403
    assert snapshot() == before
    page = signed_in(committee).get(reverse("repairs:fault_report", args=[waiting.pk])).content.decode()
    assert reverse("repairs:fault_report_accept", args=[waiting.pk]) not in page  # it may look, not triage


def test_a_refused_triage_page_says_why_and_writes_nothing(waiting, steward, signed_in):
    before = snapshot()
    response = signed_in(steward).post(reverse("repairs:fault_report_decline", args=[waiting.pk]), {"reason": " "})
    assert response.status_code == 400 and "field-invalid" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(
    ("path", "data", "said"),
    [
        ("accept", {"category": "lighting"}, {"en": "is accepted: {n} goes on", "zh-hans": "已受理 {r}：{n} 按维修"}),
        ("merge", "into", {"en": "{r} is merged as a duplicate; {n} is cancelled.", "zh-hans": "{r} 已合并为重复报修"}),
        ("decline", {"reason": "已修好"}, {"en": "{r} is declined; {n} is cancelled.", "zh-hans": "{r} 不予受理；{n}"}),
    ],
)
def test_each_triage_page_says_what_it_did_in_the_visitors_language(
    waiting, steward, signed_in, path, data, said, language
):
    if data == "into":
        data = {"into": str(report(steward).pk)}
    client = signed_in(steward, language=language)
    response = client.post(reverse(f"repairs:fault_report_{path}", args=[waiting.pk]), data, follow=True)
    message = said[language].format(r=waiting.reference, n=waiting.order.number)
    assert response.status_code == 200 and message in response.content.decode()


@pytest.mark.parametrize(
    ("path", "data", "field"),
    [
        ("accept", {"category": "fireworks"}, "category"),
        ("merge", {"into": "999999"}, "into"),
        ("decline", {"reason": ""}, "reason"),
    ],
)
def test_a_refused_triage_page_shows_that_steps_form_with_its_error(waiting, steward, signed_in, path, data, field):
    before = snapshot()
    response = signed_in(steward).post(reverse(f"repairs:fault_report_{path}", args=[waiting.pk]), data)
    assert response.status_code == 400
    assert response.context[path].is_bound and field in response.context[path].errors
    assert all(not response.context[other].is_bound for other in {"accept", "merge", "decline"} - {path})
    assert snapshot() == before


@pytest.mark.parametrize("path", ["accept", "merge", "decline"])
def test_the_triage_pages_take_only_a_post_and_only_from_a_signed_in_user(waiting, steward, client, signed_in, path):
    url = reverse(f"repairs:fault_report_{path}", args=[waiting.pk])
    assert client.post(url, {}).status_code == 302 and "login" in client.post(url, {})["Location"]
    assert signed_in(steward).get(url).status_code == 405
    assert signed_in(steward).post(reverse(f"repairs:fault_report_{path}", args=[999999]), {}).status_code == 404
