"""The staff pages: write a draft, see it as residents will, publish, correct; bad input shown on the form and
nothing written."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from trustmgmt.notices.models import Notice


def form(today, **changes) -> dict:
    return {
        "title": "停水通知",
        "body": "12 月 2 日停水。",
        "text_format": "text",
        "valid_from": today.isoformat(),
        "valid_to": (today + timedelta(days=3)).isoformat(),
        **changes,
    }


def test_the_steward_writes_a_draft_and_publishes_it(signed_in, steward, today, png, client):
    client = signed_in(steward)
    assert client.get("/notices/staff/new/").status_code == 200
    response = client.post("/notices/staff/new/", {**form(today), "attachment": png()})
    notice = Notice.objects.get()
    assert response.status_code == 302 and response.url == f"/notices/staff/{notice.pk}/"
    assert notice.published_at is None and notice.attachment.name.endswith(".png")
    page = client.get(response.url).content.decode()
    assert "12 月 2 日停水。" in page and f"/notices/staff/{notice.pk}/publish/" in page
    assert client.get(f"/notices/staff/{notice.pk}/attachment/")["Content-Type"] == "image/png"
    response = client.post(f"/notices/staff/{notice.pk}/publish/")
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.published_by == steward
    page = client.get(f"/notices/staff/{notice.pk}/").content.decode()
    assert 'name="title"' not in page and f"/notices/staff/{notice.pk}/correct/" in page
    assert "delete" not in page.lower()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"body": "  "}, "body"),
        ({"valid_from": ""}, "valid_from"),
        ({"valid_to": "2024-02-30"}, "valid_to"),
        ({"text_format": "html"}, "text_format"),
    ],
)
def test_bad_input_is_shown_on_its_field_and_nothing_is_written(signed_in, steward, today, changes, field):
    response = signed_in(steward).post("/notices/staff/new/", form(today, **changes))
    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert not Notice.objects.exists()


def test_the_last_day_before_the_first_is_shown_on_the_form(signed_in, steward, today):
    response = signed_in(steward).post(
        "/notices/staff/new/", form(today, valid_to=(today - timedelta(days=1)).isoformat())
    )
    assert response.status_code == 200 and response.context["form"].errors["valid_to"]
    assert not Notice.objects.exists()


def test_a_bad_attachment_is_shown_on_the_form(signed_in, steward, today):
    fake = SimpleUploadedFile("停水.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    response = signed_in(steward).post("/notices/staff/new/", {**form(today), "attachment": fake})
    assert response.status_code == 200 and response.context["form"].errors["attachment"]
    assert not Notice.objects.exists()


def test_a_hostile_title_and_body_are_shown_as_typed(signed_in, steward, today):
    client = signed_in(steward)
    data = form(today, title='"><script>alert(1)</script>', body="[x](javascript:alert(1))", text_format="markdown")
    response = client.post("/notices/staff/new/", data)
    page = client.get(response.url).content.decode()
    assert "<script>alert(1)</script>" not in page and 'href="javascript' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_draft_is_edited_and_a_published_notice_is_not(signed_in, steward, today, draft):
    client = signed_in(steward)
    notice = draft()
    response = client.post(f"/notices/staff/{notice.pk}/", form(today, title="停水通知（改）"))
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.title == "停水通知（改）"
    client.post(f"/notices/staff/{notice.pk}/publish/")
    client.post(f"/notices/staff/{notice.pk}/", form(today, title="再改"))
    notice.refresh_from_db()
    assert notice.title == "停水通知（改）"


def test_correcting_opens_a_draft_of_the_new_version(signed_in, committee, published):
    notice = published()
    response = signed_in(committee).post(f"/notices/staff/{notice.pk}/correct/")
    correction = Notice.objects.get(replaces=notice)
    assert response.status_code == 302 and response.url == f"/notices/staff/{correction.pk}/"
    again = signed_in(committee).post(f"/notices/staff/{notice.pk}/correct/")
    assert again.url == f"/notices/staff/{notice.pk}/" and Notice.objects.count() == 2


def test_publishing_an_expired_draft_says_why(signed_in, steward, draft, today):
    notice = draft(valid_from=today - timedelta(days=5), valid_to=today - timedelta(days=1))
    response = signed_in(steward).post(f"/notices/staff/{notice.pk}/publish/", follow=True)
    assert "already passed" in response.content.decode()
    notice.refresh_from_db()
    assert notice.published_at is None


def test_the_staff_list_shows_every_notice_with_its_state(signed_in, committee, draft, published):
    draft(title="草稿一")
    published(title="已发布一")
    html = signed_in(committee).get("/notices/staff/").content.decode()
    assert "草稿一" in html and "已发布一" in html and "Draft" in html and "Up now" in html


def test_outsiders_and_visitors_are_kept_out(client, signed_in, outsider):
    assert client.get("/notices/staff/").status_code == 302
    assert signed_in(outsider).get("/notices/staff/new/").status_code == 403
