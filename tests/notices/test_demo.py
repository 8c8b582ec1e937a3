"""The demo's notices fall on their own dates: given any day, some are up, one is coming, some are over, one is a
correction, one a draft."""

from datetime import date

from trustmgmt.notices import demo, selectors
from trustmgmt.notices.models import Notice


def test_the_demo_notices_on_their_own_dates(steward, committee):
    today = date(2024, 5, 10)
    demo.build(today=today, steward=steward, committee=committee)
    current = {notice.title for notice in selectors.current(today)}
    assert current == {"2024 年度综合服务费收取通知", "关于召开业主大会的通知", "停水通知（更正）"}
    assert [notice.title for notice in selectors.upcoming(today)] == ["消防安全检查"]
    archived = {notice.title for notice in selectors.archived(today)}
    # and the water cut as first posted, since corrected
    assert archived == {"春节期间垃圾清运安排", "停电通知", "楼道灯更换完成", "停水通知"}
    assert Notice.objects.filter(published_at__isnull=True).count() == 1
    for notice in Notice.objects.published():
        assert notice.published_at.date() <= max(notice.valid_from, today)
    assert Notice.objects.exclude(attachment="").count() == 1
