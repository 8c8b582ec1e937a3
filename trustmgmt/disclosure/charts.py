"""Charts as SVG drawn on the server, so the page and the printed notice show the same picture.

No script, no style attributes (the pages run under a strict CSP): colours are SVG presentation
attributes, which a browser and WeasyPrint both read. Coordinates are worked out in Decimal from the
Decimal amounts, never float. The picture is sized by its viewBox, for a phone first; each chart has a
<title> and the same figures stand in a table beside it.
"""

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from trustmgmt.base.money import grouped, percent_text

POOL_COLOURS = {"electricity": "#b27300", "maintenance": "#1f6fa8", "garbage": "#3c8a3a"}
INCOME_COLOUR = "#0f5e4f"
SPENDING_COLOUR = "#a4461c"
BALANCE_COLOUR = "#1c2421"
GRID = "#c9d0cc"
MUTED = "#4d5a55"
FONT = "TrustSans, TrustSansAll, system-ui, sans-serif"
TENTH = Decimal("0.1")
# Axis tops whose quarters are round numbers too (0.3, 0.4, 0.75 of a power of ten...).
NICE_STEPS = tuple(Decimal(step) for step in ("1", "1.2", "1.6", "2", "2.4", "3", "4", "5", "6", "8", "10"))


def _n(value: Decimal | int) -> str:
    """A coordinate with at most one decimal place."""
    text = str(Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP))
    return text[:-2] if text.endswith(".0") else text


def _whole(amount: Decimal) -> str:
    return f"{amount.quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"


def nice_ceiling(value: Decimal) -> Decimal:
    """The smallest of NICE_STEPS times a power of ten at or above `value` (at least 1)."""
    if value <= 1:
        return Decimal(1)
    exponent = value.adjusted()
    base = Decimal(10) ** exponent
    for step in NICE_STEPS:
        if value <= step * base:
            return (step * base).quantize(Decimal(1), rounding=ROUND_CEILING)
    return Decimal(10) * base


def _svg(width: int, height: int, title: str, body: list[str], css_class: str) -> SafeString:
    return mark_safe(  # noqa: S308 (every text in it went through escape())
        f'<svg class="chart {css_class}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        f'font-family="{FONT}" font-size="14">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _text(x, y, text, *, anchor="start", size=None, weight=None, fill=None) -> str:
    attributes = [f'x="{_n(x)}"', f'y="{_n(y)}"']
    if anchor != "start":
        attributes.append(f'text-anchor="{anchor}"')
    if size:
        attributes.append(f'font-size="{size}"')
    if weight:
        attributes.append(f'font-weight="{weight}"')
    if fill:
        attributes.append(f'fill="{fill}"')
    return f"<text {' '.join(attributes)}>{escape(text)}</text>"


def _rect(x, y, width, height, *, fill, stroke=None, opacity=None) -> str:
    extra = f' stroke="{stroke}" stroke-width="1.2"' if stroke else ""
    extra += f' fill-opacity="{opacity}"' if opacity else ""
    return f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" fill="{fill}"{extra}/>'


def _legend(y: int, items: list[tuple[str, dict]]) -> list[str]:
    parts, x = [], 0
    for label, style in items:
        parts.append(_rect(x, y - 11, 15, 13, **style))
        parts.append(_text(x + 20, y, label, size=14, fill=MUTED))
        x += 20 + 14 * len(label) + 22
    return parts


def pool_flows_chart(pools: list[dict]) -> SafeString:
    """Income against spending of the month, one pair of bars per pool.

    `pools`: dicts with `code`, `label`, `income`, `expenditure` (Decimal).
    """
    width, bar, gap, label_room = 360, 18, 4, 92
    top = 28
    group = 22 + 2 * bar + gap + 14
    height = top + group * len(pools)
    scale_max = max([pool["income"] for pool in pools] + [pool["expenditure"] for pool in pools] + [Decimal(1)])
    usable = Decimal(width - label_room)
    body = _legend(
        14,
        [
            (_("Income"), {"fill": MUTED}),
            (_("Spending"), {"fill": MUTED, "stroke": MUTED, "opacity": "0.3"}),
        ],
    )
    y = top
    for pool in pools:
        colour = POOL_COLOURS.get(pool["code"], MUTED)
        body.append(_text(0, y + 15, pool["label"], weight="700", fill=colour))
        for offset, amount, style in (
            (22, pool["income"], {"fill": colour}),
            (22 + bar + gap, pool["expenditure"], {"fill": colour, "stroke": colour, "opacity": "0.3"}),
        ):
            length = usable * amount / scale_max if amount > 0 else Decimal(0)
            body.append(_rect(0, y + offset, max(length, Decimal(1)), bar, **style))
            body.append(_text(length + 5, y + offset + 14, grouped(amount), size=13, fill=MUTED))
        y += group
    return _svg(width, height, _("Income and spending of the month by pool"), body, "chart-pools")


def _axis(top: int, bottom: int, left: int, right: int, ceiling: Decimal) -> list[str]:
    parts = []
    for index in range(5):
        value = ceiling * index / 4
        y = bottom - Decimal(bottom - top) * index / 4
        parts.append(f'<line x1="{left}" y1="{_n(y)}" x2="{right}" y2="{_n(y)}" stroke="{GRID}" stroke-width="1"/>')
        parts.append(_text(left - 4, y + 4, _whole(value), anchor="end", size=11, fill=MUTED))
    return parts


def _month_ticks(trend: list[dict], left: int, step: Decimal, baseline: int) -> list[str]:
    parts = []
    for index, row in enumerate(trend):
        year, month = row["period"].split("-")
        x = left + step * index + step / 2
        parts.append(_text(x, baseline + 15, str(int(month)), anchor="middle", size=13, fill=MUTED))
        if index == 0 or month == "01":
            parts.append(_text(x, baseline + 30, year, anchor="middle", size=12, fill=MUTED))
    return parts


def trend_chart(trend: list[dict]) -> SafeString:
    """Income and spending of each of the last twelve months, as pairs of columns.

    `trend`: dicts with `period` ("2024-05"), `income` and `expenditure` (Decimal), oldest first.
    """
    width, height, left, right, top, bottom = 360, 220, 62, 358, 30, 180
    ceiling = nice_ceiling(max([row["income"] for row in trend] + [row["expenditure"] for row in trend] + [Decimal(1)]))
    step = Decimal(right - left) / max(len(trend), 1)
    column = min(step * Decimal("0.36"), Decimal(14))
    body = _legend(14, [(_("Income"), {"fill": INCOME_COLOUR}), (_("Spending"), {"fill": SPENDING_COLOUR})])
    body += _axis(top, bottom, left, right, ceiling)
    span = Decimal(bottom - top)
    for index, row in enumerate(trend):
        middle = left + step * index + step / 2
        for x, amount, colour in (
            (middle - column - 1, row["income"], INCOME_COLOUR),
            (middle + 1, row["expenditure"], SPENDING_COLOUR),
        ):
            tall = span * amount / ceiling if amount > 0 else Decimal(0)
            body.append(_rect(x, bottom - tall, column, tall, fill=colour))
    body += _month_ticks(trend, left, step, bottom)
    return _svg(width, height, _("Income and spending, last twelve months"), body, "chart-trend")


def balance_chart(trend: list[dict]) -> SafeString:
    """The pools' combined balance at the end of each of the last twelve months, as a line."""
    width, height, left, right, top, bottom = 360, 200, 62, 350, 22, 160
    values = [row["closing"] for row in trend]
    ceiling = nice_ceiling(max([*values, Decimal(1)]))
    step = Decimal(right - left) / max(len(trend), 1)
    span = Decimal(bottom - top)
    body = _axis(top, bottom, left, right, ceiling)
    points = []
    for index, value in enumerate(values):
        x = left + step * index + step / 2
        y = bottom - span * max(value, Decimal(0)) / ceiling
        points.append((x, y))
    if points:
        path = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{BALANCE_COLOUR}" stroke-width="2"/>')
        for x, y in points:
            body.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3" fill="{BALANCE_COLOUR}"/>')
        x, y = points[-1]
        body.append(_text(x, y - 9, _whole(values[-1]), anchor="end", size=13, weight="700", fill=BALANCE_COLOUR))
    body += _month_ticks(trend, left, step, bottom)
    return _svg(width, height, _("Balance of the pools at each month's end"), body, "chart-balance")


OVER_COLOUR = "#a61b1b"  # spending beyond the budget


def budget_chart(pools: list[dict]) -> SafeString:
    """Per pool, spending so far against the planned spending: the plan as an outlined bar, the actual as a
    filled one (red when over the plan), each with its amount and share."""
    width, bar, label_room, top = 360, 16, 160, 28  # room right of the longest bar for "5,328.85 (102.93%)"
    group = 22 + 2 * bar + 4 + 12
    height = top + group * len(pools)
    scale_max = max(
        [pool["planned_expenditure"] for pool in pools] + [pool["actual_expenditure"] for pool in pools] + [Decimal(1)]
    )
    usable = Decimal(width - label_room)
    body = _legend(
        14,
        [
            (_("Planned"), {"fill": MUTED, "stroke": MUTED, "opacity": "0.15"}),
            (_("Spent"), {"fill": MUTED}),
        ],
    )
    y = top
    for pool in pools:
        colour = POOL_COLOURS.get(pool["code"], MUTED)
        body.append(_text(0, y + 15, pool["label"], weight="700", fill=colour))
        planned, spent = pool["planned_expenditure"], pool["actual_expenditure"]
        spent_colour = OVER_COLOUR if pool["over_budget"] else colour
        share = _share_note(pool["used"])
        for offset, amount, style, note in (
            (22, planned, {"fill": colour, "stroke": colour, "opacity": "0.15"}, ""),
            (22 + bar + 4, spent, {"fill": spent_colour}, share),
        ):
            length = usable * amount / scale_max if amount > 0 else Decimal(0)
            body.append(_rect(0, y + offset, max(length, Decimal(1)), bar, **style))
            text = f"{grouped(amount)} {note}".strip()
            body.append(_text(length + 5, y + offset + 13, text, size=13, fill=MUTED))
        y += group
    return _svg(width, height, _("Spending so far against the budget, by pool"), body, "chart-budget")


def _share_note(rate: str | None) -> str:
    if rate is None:
        return ""
    return f"({percent_text(rate)})"  # as the table beside the chart shows it: 84.03%, not 84.0%


ELECTRICITY_COLOUR = POOL_COLOURS["electricity"]
FLAG_COLOUR = OVER_COLOUR


def electricity_chart(name: str, months: list[dict]) -> SafeString:
    """One meter's use in each month (24 of them), as columns. A month measured alone is a filled column (red
    when flagged and explained); a month whose reading covers missing months too is an outlined column with
    "×n" over it (its height is the whole use of those n months, not a guess at one); a month without a
    reading has a "?" at the baseline. `months`: dicts with `period`, `status`, `kwh` (Decimal or None),
    `months` and `flagged`, oldest first.
    """
    width, height, left, right, top, bottom = 360, 210, 56, 356, 30, 170
    values = [row["kwh"] for row in months if row["kwh"] is not None]
    ceiling = nice_ceiling(max([*values, Decimal(1)]))
    step = Decimal(right - left) / max(len(months), 1)
    column = min(step * Decimal("0.7"), Decimal(14))
    span = Decimal(bottom - top)
    body = _legend(
        14,
        [
            (_("kWh"), {"fill": ELECTRICITY_COLOUR}),
            (_("Explained"), {"fill": FLAG_COLOUR}),
            (_("Spans"), {"fill": "#ffffff", "stroke": ELECTRICITY_COLOUR}),
        ],
    )
    body += _axis(top, bottom, left, right, ceiling)
    for index, row in enumerate(months):
        middle = left + step * index + step / 2
        if row["kwh"] is None:
            if row["status"] == "missing":
                body.append(_text(middle, bottom - 3, "?", anchor="middle", size=12, weight="700", fill=MUTED))
            continue
        tall = span * row["kwh"] / ceiling if row["kwh"] > 0 else Decimal(0)
        if row["status"] == "spans":
            body.append(
                _rect(middle - column / 2, bottom - tall, column, tall, fill="#ffffff", stroke=ELECTRICITY_COLOUR)
            )
            body.append(_text(middle, bottom - tall - 4, f"×{row['months']}", anchor="middle", size=11, fill=MUTED))
        else:
            colour = FLAG_COLOUR if row["flagged"] else ELECTRICITY_COLOUR
            body.append(_rect(middle - column / 2, bottom - tall, column, tall, fill=colour))
    # The year under its January, and under the first column unless a January comes within three.
    first_january = next((i for i, row in enumerate(months) if row["period"].endswith("-01")), len(months))
    for index, row in enumerate(months):
        year, month = row["period"].split("-")
        x = left + step * index + step / 2
        if index % 3 == 0:
            body.append(_text(x, bottom + 15, str(int(month)), anchor="middle", size=12, fill=MUTED))
        if month == "01" or (index == 0 and first_january >= 3):
            body.append(_text(x, bottom + 30, year, anchor="middle", size=12, fill=MUTED))
    title = _("%(meter)s: kWh used each month") % {"meter": name}
    return _svg(width, height, title, body, "chart-electricity")
