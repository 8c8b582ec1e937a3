"""The year-end account (年度决算) of a closed fee year, in public: `/disclosure/<yyyy>/account/`, `.json`, `.pdf`.

Per pool: what it held at the start, took in, spent (by payee and by kind of repair), held at the end, the
surplus or deficit, and what the settlement did with it (carried forward, or credited to how many flats,
never which), with the decision or minute behind it. A closed year never changes, so neither does this.
One data function; the page and the board notice render the same context.
"""

import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ledger.models import POOLS, Decision, Pool
from ledger.settlement import selectors as settlement
from repairs import figures as repair_figures
from repairs.models import Category
from trustmgmt.base.money import ZERO, as_text
from trustmgmt.base.pdf import pdf_response, qr_svg, render_pdf
from trustmgmt.disclosure.approval import approval_of

NOT_A_REPAIR = "not_a_repair"


def account_urls(year: int) -> dict[str, str]:
    kwargs = {"year": f"{year:04d}"}
    return {
        "page": reverse("disclosure:account", kwargs=kwargs),
        "json": reverse("disclosure:account_json", kwargs=kwargs),
        "pdf": reverse("disclosure:account_pdf", kwargs=kwargs),
    }


def account_data(year: int) -> dict | None:
    """The closed fee year's account as open data, or None if the year is not closed. Five queries."""
    closing = settlement.closing_of(year) if 2000 <= year <= 2200 else None
    if closing is None:
        return None
    plan = closing.fee_plan
    lines = settlement.spending_lines(plan)
    categories = repair_figures.categories_of(line.reference for line in lines)
    pools = {row.pool: row for row in closing.pools.all()}
    result = []
    for code in POOLS:
        row = pools[code]
        by_payee: dict[str, object] = {}
        by_category: dict[str, object] = {}
        for line in (line for line in lines if line.pool == code):
            by_payee[line.payee] = by_payee.get(line.payee, ZERO) + line.amount
            kind = categories.get(line.reference, NOT_A_REPAIR)
            by_category[kind] = by_category.get(kind, ZERO) + line.amount
        result.append(
            {
                "code": code,
                "opening": as_text(row.opening),
                "income": as_text(row.income),
                "expenditure": as_text(row.expenditure),
                "closing": as_text(row.closing_balance),
                "surplus": as_text(row.surplus),
                "decision": row.decision,
                "carried": as_text(row.carried),
                "credited": as_text(row.credited),
                "households_credited": row.households,
                "spending_by_payee": [
                    {"payee": payee, "amount": as_text(amount)}
                    for payee, amount in sorted(by_payee.items(), key=lambda item: (-item[1], item[0]))
                    if amount
                ],
                "spending_by_category": [
                    {"category": kind, "amount": as_text(by_category[kind])}
                    for kind in (*Category.values, NOT_A_REPAIR)
                    if by_category.get(kind)
                ],
            }
        )
    return {
        "fee_year": plan.year,
        "currency": "CNY",
        "starts_on": plan.starts_on.isoformat(),
        "ends_on": plan.ends_on.isoformat(),
        "closed_on": timezone.localdate(closing.closed_at).isoformat(),
        "next_fee_year": closing.next_plan.year,
        "pools": result,
        "settlement": {"minute": closing.minute, "approval": approval_of(closing.decision_id)},
    }


def _category_label(code: str) -> str:
    return _("Other spending (not a repair)") if code == NOT_A_REPAIR else str(Category(code).label)


def account_context(data: dict, *, for_pdf: bool = False) -> dict:
    urls = account_urls(data["fee_year"])
    pools = [
        {
            **pool,
            "label": Pool(pool["code"]).label,
            "decision_label": Decision(pool["decision"]).label,
            "deficit": pool["surplus"].startswith("-"),
            "spending_by_category": [
                {**row, "label": _category_label(row["category"])} for row in pool["spending_by_category"]
            ],
        }
        for pool in data["pools"]
    ]
    return {
        "account": {**data, "pools": pools},
        "urls": urls,
        "qr": qr_svg(settings.PUBLIC_BASE_URL + urls["page"]) if for_pdf else None,
        "complex_name": settings.COMPLEX_NAME,
    }


def _data_or_404(year: str) -> dict:
    data = account_data(int(year))
    if data is None:
        raise Http404("this fee year is not closed")
    return data


@require_GET
def account_page(request: HttpRequest, year: str) -> HttpResponse:
    return render(request, "disclosure/account.html", account_context(_data_or_404(year)))


@require_GET
def account_json(request: HttpRequest, year: str) -> HttpResponse:
    body = json.dumps(_data_or_404(year), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"  # open data, like the months
    return response


@require_GET
def account_pdf(request: HttpRequest, year: str) -> HttpResponse:
    pdf = render_pdf("disclosure/account_pdf.html", account_context(_data_or_404(year), for_pdf=True))
    return pdf_response(pdf, f"account-{year}.pdf")


def account_years() -> list[int]:
    return settlement.closed_years()
