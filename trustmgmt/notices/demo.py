"""The demo's notices, each published on its own day: current ones (a water cut, with a correction; the owners'
meeting; the fee collection days, with a picture attached), one coming up, some over (archived), and a draft."""

import io
from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from trustmgmt.notices import services
from trustmgmt.notices.models import Notice

WATER_CUT = """因小区供水管网改造，{day}（周{weekday}）将停水。

## 停水时间
- 上午 8:00 至下午 5:00
- 如遇施工延误，另行通知

## 请各位住户
1. 提前储水
2. 关好家中水龙头，以免来水时漫溢
3. 高层住户来水后请先放水几分钟

如有疑问请到物业服务室或拨打服务室电话。"""

MEETING = """经业委会研究，定于 {day} 晚 7:00 在小区活动室召开**业主大会**。

## 议题
1. 审议上一年度综合服务费收支情况（见[公示页面](/disclosure/)）
2. 表决下一年度预算
3. 续签维修承揽合同

请各位业主准时参加；不能到场的，可书面委托他人代为表决。"""

COLLECTION = """{year} 年度综合服务费开始收取。

每户 200 元（公共电费 50 元、公共设施维护 90 元、垃圾清运 60 元），空置户按优惠标准收取。

收费时间：每周二、周四、周六 上午 9:00—11:30
收费地点：物业服务室（3 幢旁）

可现金、微信、支付宝支付，当场出具收据，收据上的二维码可查验。"""

# (days from today it starts, days it lasts, title, body, markdown?)
ARCHIVED = [
    (-120, 3, "春节期间垃圾清运安排", "春节期间（初一至初三）垃圾每日清运一次，请将垃圾袋扎紧后投放。", False),
    (-75, 2, "停电通知", "供电公司检修线路，{day} 上午 9:00 至 12:00 停电，请提前做好准备。", False),
    (-40, 10, "楼道灯更换完成", "3 幢、5 幢、8 幢楼道灯已全部更换为节能灯，费用已在本月公示中列出。", False),
]


def _weekday(day: date) -> str:
    return "一二三四五六日"[day.weekday()]


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _map_picture() -> SimpleUploadedFile:
    """The collection point on a sketch of the complex, as a steward would attach a photo of the board."""
    image = Image.new("RGB", (640, 400), (250, 250, 246))
    draw = ImageDraw.Draw(image)
    for index in range(6):
        left = 40 + (index % 3) * 200
        top = 40 + (index // 3) * 180
        draw.rectangle((left, top, left + 140, top + 120), outline=(31, 92, 69), width=3)
        draw.text((left + 50, top + 50), f"{index + 1}", fill=(31, 92, 69))
    draw.ellipse((280, 185, 320, 225), fill=(200, 60, 40))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("map.png", buffer.getvalue(), content_type="image/png")


def _publish(
    by, start: date, length: int, title: str, body: str, *, markdown: bool, attachment=None, on: date | None = None
) -> Notice:
    notice = services.notice_create(
        by=by,
        title=title,
        body=body,
        text_format="markdown" if markdown else "text",
        valid_from=start,
        valid_to=start + timedelta(days=length),
        attachment=attachment,
    )
    return services.notice_publish(notice=notice, by=by, now=_at(on or start))


def build(*, today: date, steward, committee) -> None:
    """The notices of the weeks before `today`, each published on its first day."""
    for offset, length, title, body, markdown in ARCHIVED:
        start = today + timedelta(days=offset)
        _publish(steward, start, length, title, body.format(day=start + timedelta(days=1)), markdown=markdown)
    collection_start = today - timedelta(days=20)
    _publish(
        steward,
        collection_start,
        45,
        f"{today.year} 年度综合服务费收取通知",
        COLLECTION.format(year=today.year),
        markdown=False,
        attachment=_map_picture(),
    )
    meeting_day = today + timedelta(days=12)
    _publish(
        committee,
        today - timedelta(days=6),
        19,
        "关于召开业主大会的通知",
        MEETING.format(day=f"{meeting_day.month} 月 {meeting_day.day} 日"),
        markdown=True,
    )
    # The water cut, first posted with the wrong day, then corrected.
    cut_day = today + timedelta(days=2)
    wrong_day = cut_day + timedelta(days=1)
    first = _publish(
        steward,
        today - timedelta(days=3),
        6,
        "停水通知",
        WATER_CUT.format(day=f"{wrong_day.month} 月 {wrong_day.day} 日", weekday=_weekday(wrong_day)),
        markdown=True,
    )
    correction = services.notice_correct(notice=first, by=steward)
    correction = services.notice_update(
        notice=correction,
        by=steward,
        title="停水通知（更正）",
        body=WATER_CUT.format(day=f"{cut_day.month} 月 {cut_day.day} 日", weekday=_weekday(cut_day)),
        text_format="markdown",
        valid_from=today - timedelta(days=2),
        valid_to=first.valid_to,
    )
    services.notice_publish(notice=correction, by=steward, now=_at(today - timedelta(days=2), 10))
    upcoming = today + timedelta(days=5)
    _publish(
        committee,
        upcoming,
        7,
        "消防安全检查",
        f"{upcoming.month} 月 {upcoming.day} 日起，社区将逐幢检查楼道消防设施，请勿在楼道堆放杂物。",
        markdown=False,
        on=today - timedelta(days=1),  # put up a few days ahead
    )
    services.notice_create(
        by=steward,
        title="自行车棚照明改造（草稿）",
        body="拟更换自行车棚照明，待业委会确认后发布。",
        valid_from=today,
        valid_to=today + timedelta(days=14),
    )
