"""Walk the URL configuration: every named page, with arguments taken from the demo complex.

A page is private unless it is in PUBLIC. A page whose URL takes arguments needs an entry in ARGUMENTS, or
the walk fails and says so: a new page cannot slip past the permission and hostile-input tests.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Open to anyone, no login (DESIGN.md: the disclosure; plus the door in and the language switch).
PUBLIC = {
    "home",
    "login",
    "logout",
    "set_language",
    "disclosure:index",
    "disclosure:month",
    "disclosure:month_json",
    "disclosure:month_pdf",
    "disclosure:budget",
    "disclosure:budget_json",
    "disclosure:inspection_ask",
    "disclosure:inspection_thanks",
    "disclosure:public_voucher",
    "verify:receipt_start",
    "verify:receipt",
    "verify:household",
    "disclosure:index_json",
    "disclosure:verifier",
    "disclosure:journal_json",
    "verify:fingerprint",
    "disclosure:decisions",
    "disclosure:contract",
    "disclosure:account",
    "disclosure:account_json",
    "disclosure:account_pdf",
    "disclosure:contract_json",
    "disclosure:decision",
    "disclosure:decision_json",
    "disclosure:decision_pdf",
    "faults:board",
    "faults:board_json",
    "faults:report",
    "faults:status",
    "disclosure:electricity",
    "disclosure:electricity_json",
    "disclosure:month_png",
    "notices:list",
    "notices:archive",
    "notices:notice",
    "notices:pdf",
    "notices:attachment",
}
# Django's admin has its own login and staff check; tested separately.
SKIPPED_NAMESPACES = {"admin"}


def url_names() -> list[str]:
    """Every named URL, namespaced, in the order the URL configuration lists them."""

    def walk(patterns, namespace: str) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in SKIPPED_NAMESPACES:
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}"

    seen: list[str] = []
    for name in walk(get_resolver().url_patterns, ""):
        if name not in seen:
            seen.append(name)
    return seen


@dataclass(frozen=True)
class Demo:
    """The objects URL arguments are taken from."""

    household: object
    unpaid_household: object  # owes something this fee year: its page has the payment form
    payment: object
    pending_expenditure: object
    posted_expenditure: object
    fee_year: int
    month: tuple[int, int]
    quarter: tuple[int, int]
    order: object
    cost_line: object | None
    photo: object | None
    patrol: object
    contract: object
    price_item: object
    contractor: object
    steps: tuple[str, ...]
    budget: object = None
    budget_line: object = None
    inspection: object | None = None
    public_voucher: object | None = None
    check_token: str = ""  # a receipt's check code (issue 11)
    decision: object | None = None  # closed
    open_decision: object | None = None
    closed_year: int | None = None
    statement_line: object | None = None
    day_close: object | None = None
    fault_report: object | None = None  # a resident's report awaiting triage
    fault_references: tuple[str, ...] = ()  # one report in each state
    meter: object | None = None  # public electricity (issue 14): a meter, a current reading, a flagged month
    reading: object | None = None
    flagged_month: object | None = None
    notices: tuple = ()  # published: current, corrected, over, coming
    notice_with_attachment: object | None = None
    draft_notice: object | None = None


def load_demo() -> Demo:
    from ledger import figures
    from ledger.models import (
        Budget,
        BudgetLine,
        DayClose,
        Expenditure,
        ExpenditureStatus,
        FeePlan,
        FeeYearClosing,
        Household,
        InspectionRequest,
        JointDecision,
        Payment,
        Publication,
        PublicVoucher,
        ReceiptCheck,
        StatementLine,
    )
    from repairs import lifecycle
    from repairs.electricity import selectors as electricity
    from repairs.electricity.models import Meter
    from repairs.models import Contract, Contractor, CostLine, FaultReport, Patrol, Photo, PriceItem, WorkOrder
    from trustmgmt.notices.models import Notice

    month = Publication.objects.order_by("-month").values_list("month", flat=True).first()
    pending = Expenditure.objects.filter(status=ExpenditureStatus.PENDING).first()
    posted = Expenditure.objects.filter(status=ExpenditureStatus.POSTED).first()
    latest_plan = FeePlan.objects.order_by("-year").first()
    unpaid = figures.arrears(latest_plan).first()
    order = WorkOrder.objects.filter(cost_lines__isnull=False).first() or WorkOrder.objects.first()
    budget = Budget.objects.select_related("fee_plan").order_by("-fee_plan__year", "-version").first()
    flagged = next(((m, month) for m in Meter.objects.all() for month in sorted(electricity.flagged_months(m))), None)
    return Demo(
        household=Household.objects.first(),
        unpaid_household=unpaid.household if unpaid else Household.objects.last(),
        payment=Payment.objects.filter(entries__reversal__isnull=True).order_by("-id").first(),
        pending_expenditure=pending or posted,
        posted_expenditure=posted,
        fee_year=FeePlan.objects.order_by("-year").values_list("year", flat=True).first(),
        month=(month.year, month.month),
        quarter=(month.year, (month.month - 1) // 3 + 1),
        order=order,
        cost_line=CostLine.objects.filter(order=order).first(),
        photo=Photo.objects.first(),
        patrol=Patrol.objects.first(),
        contract=Contract.objects.first(),
        price_item=PriceItem.objects.first(),
        contractor=Contractor.objects.first(),
        steps=tuple(lifecycle.STEPS),
        budget=budget,
        budget_line=BudgetLine.objects.filter(budget=budget).first(),
        inspection=InspectionRequest.objects.order_by("due_by").first(),
        public_voucher=PublicVoucher.objects.filter(public=True).first(),
        check_token=ReceiptCheck.objects.order_by("-id").values_list("token", flat=True).first() or "",
        decision=JointDecision.objects.filter(result__isnull=False).order_by("id").first(),
        open_decision=JointDecision.objects.filter(result__isnull=True).order_by("id").first(),
        closed_year=FeeYearClosing.objects.order_by("fee_plan__year").values_list("fee_plan__year", flat=True).first(),
        statement_line=StatementLine.objects.filter(match__isnull=True).first(),
        day_close=DayClose.objects.first(),
        fault_report=FaultReport.objects.filter(triage="pending").order_by("id").first(),
        fault_references=tuple(FaultReport.objects.order_by("id").values_list("reference", flat=True)),
        meter=flagged[0] if flagged else Meter.objects.first(),
        reading=electricity.current_readings().order_by("-id").first(),
        flagged_month=flagged[1] if flagged else None,
        notices=tuple(Notice.objects.published().order_by("id")),
        notice_with_attachment=Notice.objects.published().exclude(attachment="").first(),
        draft_notice=Notice.objects.filter(published_at__isnull=True).first(),
    )


def _month(demo: Demo) -> list[dict]:
    return [{"year": str(demo.month[0]), "month": f"{demo.month[1]:02d}"}]


def _budget(demo: Demo) -> list[dict]:
    return [{"year": demo.budget.fee_plan.year, "version": demo.budget.version}]


def _thanks_token(demo: Demo) -> str:
    from django.core import signing

    from trustmgmt.disclosure.inspections import TOKEN_SALT

    return signing.dumps(demo.inspection.pk, salt=TOKEN_SALT)


IMPORT_KINDS = ("households", "payments", "expenditures")
# URL name -> the keyword arguments to build it with (one dict per URL to try)
ARGUMENTS: dict[str, Callable[[Demo], list[dict]]] = {
    "ledger:household": lambda d: [{"flat": d.household}, {"flat": d.unpaid_household}],
    "ledger:household_edit": lambda d: [{"flat": d.household}],
    "ledger:household_occupancy": lambda d: [{"flat": d.household}],
    "ledger:payment": lambda d: [{"receipt_no": d.payment}],
    "ledger:receipt_pdf": lambda d: [{"receipt_no": d.payment}],
    "ledger:payment_reverse": lambda d: [{"receipt_no": d.payment}],
    "ledger:expenditure": lambda d: [{"pk": d.posted_expenditure.pk}],
    "ledger:voucher": lambda d: [{"pk": d.posted_expenditure.pk}],
    "ledger:expenditure_approve": lambda d: [{"pk": d.pending_expenditure.pk}],
    "ledger:expenditure_reject": lambda d: [{"pk": d.pending_expenditure.pk}],
    "ledger:expenditure_reverse": lambda d: [{"pk": d.posted_expenditure.pk}],
    "ledger:fee_plan_edit": lambda d: [{"year": d.fee_year}],
    "ledger:import": lambda d: [{"kind": kind} for kind in IMPORT_KINDS],
    "ledger:import_confirm": lambda d: [{"kind": kind} for kind in IMPORT_KINDS],
    "ledger:import_discard": lambda d: [{"kind": kind} for kind in IMPORT_KINDS],
    "ledger:import_sample": lambda d: [{"kind": kind} for kind in IMPORT_KINDS],
    "ledger:fee_year": lambda d: [{"year": d.fee_year}],
    "repairs:order": lambda d: [{"number": d.order.number}],
    "repairs:order_step": lambda d: [{"number": d.order.number, "step": step} for step in d.steps],
    "repairs:order_add_line": lambda d: [{"number": d.order.number}],
    "repairs:order_remove_line": lambda d: (
        [{"number": d.order.number, "line": d.cost_line.pk}] if d.cost_line else [{"number": d.order.number, "line": 1}]
    ),
    "repairs:order_approve_charges": lambda d: [{"number": d.order.number}],
    "repairs:order_add_photo": lambda d: [{"number": d.order.number}],
    "repairs:photo": lambda d: [{"pk": d.photo.pk if d.photo else 1}],
    "repairs:patrol": lambda d: [{"pk": d.patrol.pk}],
    "repairs:contract": lambda d: [{"pk": d.contract.pk}],
    "repairs:contract_document": lambda d: [{"pk": d.contract.pk}],
    "repairs:contract_upload_document": lambda d: [{"pk": d.contract.pk}],
    "repairs:price_item_add": lambda d: [{"pk": d.contract.pk}],
    "repairs:price_item_edit": lambda d: [{"pk": d.price_item.pk}],
    "repairs:contractor_edit": lambda d: [{"pk": d.contractor.pk}],
    "ledger:budget_propose": lambda d: [{"year": d.fee_year}],
    "ledger:budget_new_version": lambda d: [{"year": d.fee_year}],
    "ledger:budget": _budget,
    "ledger:budget_settings": _budget,
    "ledger:budget_line_add": _budget,
    "ledger:budget_line": lambda d: [{**_budget(d)[0], "line": d.budget_line.pk}],
    "ledger:budget_approve": _budget,
    "ledger:budget_discard": _budget,
    "disclosure:month": _month,
    "disclosure:month_json": _month,
    "disclosure:month_pdf": _month,
    "disclosure:month_png": _month,
    "notices:notice": lambda d: [{"pk": notice.pk} for notice in d.notices],
    "notices:pdf": lambda d: [{"pk": d.notices[0].pk}, {"pk": d.notices[-1].pk}],
    "notices:attachment": lambda d: [
        {"pk": d.notice_with_attachment.pk, "ext": d.notice_with_attachment.attachment_extension}
    ],
    "notices_staff:edit": lambda d: [{"pk": d.draft_notice.pk}, {"pk": d.notices[0].pk}],
    "notices_staff:publish": lambda d: [{"pk": d.draft_notice.pk}],
    "notices_staff:correct": lambda d: [{"pk": d.notices[-1].pk}],
    "notices_staff:attachment": lambda d: [{"pk": d.notice_with_attachment.pk}],
    "disclosure:journal_json": _month,
    "disclosure:budget": lambda d: [{"year": str(d.fee_year)}],
    "disclosure:budget_json": lambda d: [{"year": str(d.fee_year)}],
    "disclosure:inspection_ask": lambda d: [{"pk": d.posted_expenditure.pk}],
    "disclosure:inspection_thanks": lambda d: [{"token": _thanks_token(d)}],
    "disclosure:public_voucher": lambda d: [{"pk": d.public_voucher.pk, "ext": d.public_voucher.extension}],
    "verify:receipt": lambda d: [{"token": d.check_token}],
    "ledger:inspection": lambda d: [{"pk": d.inspection.pk}],
    "ledger:voucher_publish": lambda d: [{"pk": d.posted_expenditure.pk}],
    "ledger:voucher_withdraw": lambda d: [{"pk": d.public_voucher.pk}],
    "ledger:decision": lambda d: [{"pk": d.decision.pk}, {"pk": d.open_decision.pk}],
    "ledger:ballot_add": lambda d: [{"pk": d.open_decision.pk}],
    "ledger:ballot_correct": lambda d: [{"pk": d.open_decision.pk}],
    "ledger:decision_close": lambda d: [{"pk": d.open_decision.pk}],
    "ledger:ballot_scan": lambda d: [
        {"pk": d.open_decision.ballots.order_by("id").values_list("pk", flat=True).first()}
    ],
    "disclosure:decision": lambda d: [{"pk": d.decision.pk}, {"pk": d.open_decision.pk}],
    "disclosure:decision_json": lambda d: [{"pk": d.decision.pk}, {"pk": d.open_decision.pk}],
    "disclosure:decision_pdf": lambda d: [{"pk": d.decision.pk}],
    "disclosure:account": lambda d: [{"year": f"{d.closed_year:04d}"}],
    "disclosure:account_json": lambda d: [{"year": f"{d.closed_year:04d}"}],
    "disclosure:account_pdf": lambda d: [{"year": f"{d.closed_year:04d}"}],
    "ledger:line_action": lambda d: [
        {"pk": d.statement_line.pk if d.statement_line else 1, "action": action}
        for action in ("confirm", "reject", "fee", "interest")
    ],
    "ledger:reconciliation": _month,
    "faults:status": lambda d: [{"reference": reference} for reference in d.fault_references],
    "repairs:fault_report": lambda d: [{"pk": d.fault_report.pk}],
    "repairs:fault_report_accept": lambda d: [{"pk": d.fault_report.pk}],
    "repairs:fault_report_merge": lambda d: [{"pk": d.fault_report.pk}],
    "repairs:fault_report_decline": lambda d: [{"pk": d.fault_report.pk}],
    "repairs:meter": lambda d: [{"pk": d.meter.pk}],
    "repairs:meter_edit": lambda d: [{"pk": d.meter.pk}],
    "repairs:reading_correct": lambda d: [{"pk": d.reading.pk}],
    "repairs:flag_explain": lambda d: [
        {"pk": d.meter.pk, "year": d.flagged_month.year, "month": d.flagged_month.month}
    ],
    "documents:day_close_slip": lambda d: [{"day": d.day_close.day.isoformat() if d.day_close else "2024-01-31"}],
    "documents:statement_pdf": lambda d: [{"year": str(d.quarter[0]), "quarter": str(d.quarter[1])}],
    "documents:statement_xlsx": lambda d: [{"year": str(d.quarter[0]), "quarter": str(d.quarter[1])}],
}


class MissingArguments(Exception):
    pass


def urls(demo: Demo, names: list[str] | None = None) -> list[tuple[str, str]]:
    """(name, url) for every named URL; a URL with arguments not in ARGUMENTS raises MissingArguments."""
    result = []
    for name in names or url_names():
        if name in ARGUMENTS:
            result += [(name, reverse(name, kwargs=kwargs)) for kwargs in ARGUMENTS[name](demo)]
            continue
        try:
            result.append((name, reverse(name)))
        except Exception as error:
            raise MissingArguments(f"{name} takes arguments: add it to ARGUMENTS in tests/trust/walk.py") from error
    return result
