"""Writing notices: every bad input refused with its code and nothing written; published notices never change."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from trustmgmt.base.refusals import codes
from trustmgmt.notices import services
from trustmgmt.notices.models import Notice


def refused(call, **kwargs) -> list[str]:
    count = Notice.objects.count()
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    assert Notice.objects.count() == count, "a refused notice was written"
    return codes(caught.value)


@pytest.fixture
def fields(today):
    return {
        "title": "业主大会",
        "body": "周六晚 7 点开会。",
        "valid_from": today,
        "valid_to": today + timedelta(days=3),
    }


def test_a_draft_is_written_and_not_public(steward, fields):
    notice = services.notice_create(by=steward, **fields)
    notice.refresh_from_db()
    assert (notice.title, notice.body, notice.text_format) == ("业主大会", "周六晚 7 点开会。", "text")
    assert notice.published_at is None and notice.created_by == steward
    assert not Notice.objects.for_public_display().exists()


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"title": ""}, "title_required"),
        ({"title": "   "}, "title_required"),
        ({"title": "长" * 101}, "text_too_long"),
        ({"body": ""}, "body_required"),
        ({"body": "字" * 5001}, "text_too_long"),
        ({"valid_from": None}, "valid_from_required"),
        ({"valid_to": None}, "valid_to_required"),
        ({"text_format": "html"}, "format_unknown"),
    ],
)
def test_bad_fields_are_refused_and_nothing_is_written(steward, fields, changes, code):
    assert refused(services.notice_create, by=steward, **{**fields, **changes}) == [code]


def test_the_last_day_before_the_first_is_refused(steward, fields, today):
    changes = {"valid_from": today, "valid_to": today - timedelta(days=1)}
    assert refused(services.notice_create, by=steward, **{**fields, **changes}) == ["valid_to_before_from"]


def test_a_notice_valid_for_more_than_a_year_is_refused(steward, fields, today):
    changes = {"valid_to": today + timedelta(days=367)}
    assert refused(services.notice_create, by=steward, **{**fields, **changes}) == ["validity_too_long"]


def test_the_database_refuses_a_last_day_before_the_first(steward, today):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Notice.objects.create(
            title="x", body="y", valid_from=today, valid_to=today - timedelta(days=1), created_by=steward
        )


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (
            SimpleUploadedFile("通知.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"),
            "not_a_notice_file",
        ),
        (SimpleUploadedFile("map.png", b"MZ\x90\x00 not an image", "image/png"), "not_a_notice_file"),
        (SimpleUploadedFile("x.svg", b"<svg onload=alert(1)></svg>", "image/svg+xml"), "not_a_notice_file"),
        (SimpleUploadedFile("empty.pdf", b"", "application/pdf"), "empty"),
        (
            SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024) + b"\n%%EOF", "application/pdf"),
            "too_large",
        ),
    ],
)
def test_a_bad_attachment_is_refused_and_nothing_is_written(steward, fields, upload, code):
    assert refused(services.notice_create, by=steward, **fields, attachment=upload) == [code]


def test_a_pdf_or_an_image_is_attached_under_a_random_name(steward, fields, png, pdf_upload):
    notice = services.notice_create(by=steward, **fields, attachment=png("张三家门口.png"))
    assert notice.attachment.name.endswith(".png") and "张三" not in notice.attachment.name
    other = services.notice_create(by=steward, **fields, attachment=pdf_upload())
    assert other.attachment_extension == "pdf"


def test_someone_without_the_role_cannot_write(outsider, fields):
    with pytest.raises(PermissionDenied):
        services.notice_create(by=outsider, **fields)
    assert not Notice.objects.exists()


def test_a_draft_can_be_edited_until_it_is_published(draft, steward, committee, today):
    notice = draft()
    services.notice_update(
        notice=notice,
        by=committee,
        title="停水通知（改）",
        body="# 停水\n- 8:00–17:00",
        text_format="markdown",
        valid_from=today,
        valid_to=today + timedelta(days=2),
    )
    notice.refresh_from_db()
    assert (notice.title, notice.text_format) == ("停水通知（改）", "markdown")
    published = services.notice_publish(notice=notice, by=committee)
    assert published.published_by == committee and published.published_at is not None
    codes_ = refused(
        services.notice_update,
        notice=notice,
        by=steward,
        title="改不了",
        body="x",
        text_format="text",
        valid_from=today,
        valid_to=today,
    )
    assert codes_ == ["notice_published"]
    notice.refresh_from_db()
    assert notice.title == "停水通知（改）"


def test_a_bad_edit_changes_nothing(draft, steward, today):
    notice = draft()
    with pytest.raises(ValidationError) as caught:
        services.notice_update(
            notice=notice,
            by=steward,
            title="",
            body="新的",
            text_format="text",
            valid_from=today,
            valid_to=today - timedelta(days=1),
        )
    assert codes(caught.value) == ["title_required"]
    notice.refresh_from_db()
    assert (notice.title, notice.body) == ("停水通知", "12 月 2 日停水。")


def test_publishing_twice_publishes_once(draft, steward):
    notice = draft()
    services.notice_publish(notice=notice, by=steward)
    first = Notice.objects.get(pk=notice.pk).published_at
    with pytest.raises(ValidationError) as caught:
        services.notice_publish(notice=notice, by=steward)
    assert codes(caught.value) == ["notice_published"]
    assert Notice.objects.get(pk=notice.pk).published_at == first


def test_a_notice_that_is_over_is_not_published(draft, steward, today):
    notice = draft(valid_from=today - timedelta(days=5), valid_to=today - timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        services.notice_publish(notice=notice, by=steward)
    assert codes(caught.value) == ["valid_to_passed"]
    assert Notice.objects.get(pk=notice.pk).published_at is None


def test_a_correction_is_a_new_version_and_the_original_stays(published, steward, committee):
    original = published(title="停水通知", body="12 月 3 日停水。")
    correction = services.notice_correct(notice=original, by=committee)
    assert correction.pk != original.pk and correction.replaces == original
    assert (correction.title, correction.body, correction.published_at) == ("停水通知", "12 月 3 日停水。", None)
    assert refused(services.notice_correct, notice=original, by=steward) == ["already_corrected"]
    original.refresh_from_db()
    assert original.body == "12 月 3 日停水。" and Notice.objects.count() == 2


def test_only_a_published_notice_is_corrected(draft, steward):
    assert refused(services.notice_correct, notice=draft(), by=steward) == ["not_published"]


def test_there_is_no_way_to_delete_a_notice():
    from trustmgmt.notices import urls

    assert not [name for name in dir(services) if "delete" in name or "discard" in name]
    assert not [pattern.name for pattern in urls.urlpatterns if "delete" in pattern.name]
    assert "delete" not in Notice._meta.default_permissions
