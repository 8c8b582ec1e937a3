"""Table rows of the month's lists, built in Python for the page and the notice alike.

A template loop costs about a tenth of a millisecond a row. A complex of ten thousand flats has a few
dozen repairs and payments out a month and hundreds of buildings, and looping over them in templates
took longer than the rest of the page; rows built here keep a published month's page near the same cost
whatever the size of the complex. Every text is escaped (the standard library's html.escape, which is
what Django's escape calls, without the lazy-string wrapper that cost more than the row); the rest are
numbers, dates and our labels.
"""

from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from trustmgmt.base.money import grouped

PHOTOS = (".jpg", ".png", ".webp")  # a public voucher that is a photo is shown small beside its line


def _cell(label: str, text: str, css: str = "") -> str:
    css_attribute = f' class="{css}"' if css else ""
    return f'<td{css_attribute} data-label="{label}">{text}</td>'


def expenditure_rows(lines: list[dict], *, links: bool = False) -> SafeString:
    """With `links` (the web page, not the notice): a public voucher's link and the way to ask to see one."""
    labels = {
        "Date": escape(_("Date")),
        "Pool": escape(_("Pool")),
        "Paid to": escape(_("Paid to")),
        "What for": escape(_("What for")),
        "Work order": escape(_("Work order")),
        "Voucher": escape(_("Voucher")),
        "Amount": escape(_("Amount")),
    }
    reversal = escape(_("Reversal (红冲):"))
    on_file, not_on_file = escape(_("on file")), escape(_("not on file"))
    see, ask = escape(_("see it")), escape(_("ask to see it"))
    ask_url = reverse("disclosure:inspection_ask", args=[0]) if links else ""
    rows = []
    for line in lines:
        what_for = escape(line["description"])
        if line["reversal"]:
            what_for = f"{reversal} {what_for}"
            if line.get("reversal_reason"):
                what_for += f" — {escape(line['reversal_reason'])}"
        voucher = on_file if line["voucher_on_file"] else f'<span class="muted">{not_on_file}</span>'
        if links and line.get("voucher_url"):
            url = escape(line["voucher_url"])
            thumbnail = (
                f'<img src="{url}" alt="" width="40" height="40" loading="lazy"> ' if url.endswith(PHOTOS) else ""
            )
            voucher = f'<a class="voucher-public" href="{url}">{thumbnail}{see}</a>'
        if links and line.get("expenditure_id") and not line["reversal"]:
            url = ask_url.replace("/0/", f"/{int(line['expenditure_id'])}/")
            voucher += f' <a class="voucher-ask" href="{url}" rel="nofollow">{ask}</a>'
        cells = [
            _cell(labels["Date"], line["spent_on"].isoformat()),
            _cell(labels["Pool"], escape(line["pool_label"]), f"pool-{escape(line['pool'])}"),
            _cell(labels["Paid to"], escape(line["payee"])),
            _cell(labels["What for"], what_for),
            _cell(labels["Work order"], escape(line["work_order"] or "—")),
            _cell(labels["Voucher"], voucher),
            _cell(labels["Amount"], grouped(line["amount"]), "money"),
        ]
        css = ' class="reversal"' if line["reversal"] else ""
        rows.append(f"<tr{css}>{''.join(cells)}</tr>")
    return mark_safe("\n".join(rows))  # noqa: S308 (texts escaped above)


def work_order_rows(orders: list[dict]) -> SafeString:
    labels = {
        "Work order": escape(_("Work order")),
        "Kind": escape(_("Kind")),
        "Where": escape(_("Where")),
        "Reported": escape(_("Reported")),
        "Done": escape(_("Done")),
        "Days": escape(_("Days")),
        "Cost": escape(_("Cost")),
    }
    rows = []
    for order in orders:
        cells = [
            _cell(labels["Work order"], escape(order["number"])),
            _cell(labels["Kind"], escape(order["category_label"])),
            _cell(labels["Where"], escape(order["location"] or "—")),
            _cell(labels["Reported"], order["reported_on"].isoformat()),
            _cell(labels["Done"], order["completed_on"].isoformat()),
            _cell(labels["Days"], str(int(order["days"])), "money"),
            _cell(labels["Cost"], grouped(order["cost"]), "money"),
        ]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return mark_safe("\n".join(rows))  # noqa: S308 (texts escaped above)


def building_rows(buildings: list[dict]) -> SafeString:
    """Hundreds of rows in a large complex: kept short (the numbers are right-aligned by the stylesheet)."""
    before, _placeholder, after = escape(_("Building %(building)s")).partition("%(building)s")
    rows = []
    for row in buildings:
        rate = row["rate"]
        if rate is None:
            shown = "—"
        else:
            basis = int(rate.replace(".", ""))  # four places: 0.8534 -> 8534
            shown = f"{basis // 100}.{basis % 100:02d}%"
        rows.append(
            f"<tr><td>{before}{int(row['building'])}{after}</td><td>{int(row['households'])}</td>"
            f"<td>{int(row['paid'])}</td><td>{shown}</td></tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 (numbers and an escaped label)
