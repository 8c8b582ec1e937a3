"""Two staff at once, on PostgreSQL: a notice is published once, and corrected once."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from tests.builders import together
from trustmgmt.base.refusals import codes
from trustmgmt.notices import services
from trustmgmt.notices.models import Notice

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


@pytest.fixture
def notice(transactional_db, steward):
    today = timezone.localdate()
    return services.notice_create(
        by=steward, title="停水通知", body="明天停水。", valid_from=today, valid_to=today + timedelta(days=2)
    )


def test_two_publishings_at_once_publish_once(notice, steward, committee):
    results = together(
        lambda: services.notice_publish(notice=notice, by=steward),
        lambda: services.notice_publish(notice=notice, by=committee),
    )
    refusals = [result for result in results if isinstance(result, ValidationError)]
    assert len(refusals) == 1 and codes(refusals[0]) == ["notice_published"]
    published = Notice.objects.get(pk=notice.pk)
    assert published.published_by in (steward, committee)


def test_two_corrections_at_once_make_one(notice, steward, committee):
    services.notice_publish(notice=notice, by=steward)
    results = together(
        lambda: services.notice_correct(notice=notice, by=steward),
        lambda: services.notice_correct(notice=notice, by=committee),
    )
    refusals = [result for result in results if isinstance(result, ValidationError)]
    assert len(refusals) == 1 and codes(refusals[0]) == ["already_corrected"]
    assert Notice.objects.filter(replaces=notice).count() == 1
