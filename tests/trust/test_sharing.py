"""Every public page says what it is when its link is pasted into a group chat: Open Graph and Twitter tags with
a title, a non-empty description, an absolute image and the page's own absolute address."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.trust import walk

TAGS = (
    "og:title",
    "og:description",
    "og:image",
    "og:url",
    "og:type",
    "twitter:card",
    "twitter:title",
    "twitter:description",
    "twitter:image",
    "description",
)


class Meta(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        key = attributes.get("property") or attributes.get("name")
        if tag == "meta" and key:
            self.tags.setdefault(key, []).append(attributes.get("content") or "")


def meta_of(html: str) -> dict[str, list[str]]:
    parser = Meta()
    parser.feed(html)
    return parser.tags


def public_pages() -> list[tuple[str, str]]:
    return [
        (name, url)
        for name, url in walk.urls(walk.load_demo(), sorted(walk.PUBLIC))
        if name not in {"logout", "set_language"}
    ]


def is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and bool(parts.netloc) and url.startswith(settings.PUBLIC_BASE_URL)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_public_page_has_its_share_tags(demo_complex, db, client, language):
    client.cookies["django_language"] = language
    checked, problems, titles = 0, [], set()
    for _name, url in public_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        if not response["Content-Type"].startswith("text/html"):
            continue
        checked += 1
        tags = meta_of(response.content.decode())
        for tag in TAGS:
            values = tags.get(tag, [])
            if len(values) != 1 or not values[0].strip():
                problems.append(f"{url}: {tag} is {values}")
        for tag in ("og:image", "og:url", "twitter:image"):
            if not is_absolute(tags.get(tag, [""])[0]):
                problems.append(f"{url}: {tag} is not an absolute URL: {tags.get(tag)}")
        if tags.get("og:url", [""])[0] != settings.PUBLIC_BASE_URL + urlsplit(url).path:
            problems.append(f"{url}: og:url is {tags.get('og:url')}")
        if tags.get("og:title") != tags.get("twitter:title") or tags.get("og:description") != tags.get(
            "twitter:description"
        ):
            problems.append(f"{url}: the Twitter tags differ from Open Graph")
        titles.add(tags.get("og:title", [""])[0])
    assert checked >= 12
    assert not problems, "\n".join(problems)
    assert len(titles) >= checked - 3, "pages share one title: each should say what it is"


def test_the_month_page_shares_a_picture_of_its_figures(demo_complex, db, client):
    demo = walk.load_demo()
    url = f"/disclosure/{demo.month[0]}/{demo.month[1]:02d}/"
    image = meta_of(client.get(url).content.decode())["og:image"][0]
    assert image == f"{settings.PUBLIC_BASE_URL}/disclosure/{demo.month[0]}/{demo.month[1]:02d}.png"
    response = client.get(urlsplit(image).path)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_other_pages_share_the_default_picture_which_exists(demo_complex, db, client):
    image = meta_of(client.get("/notices/").content.decode())["og:image"][0]
    assert image.endswith("/img/share.png")
    response = client.get(urlsplit(image).path)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_what_a_visitor_typed_stays_out_of_the_shared_address(demo_complex, db, client):
    tags = meta_of(client.get("/verify/fingerprint/?fingerprint=3F9A1C2B").content.decode())
    assert tags["og:url"] == [f"{settings.PUBLIC_BASE_URL}/verify/fingerprint/"]


def test_a_notice_shares_its_own_title_and_text(demo_complex, db, client):
    notice = walk.load_demo().notices[-1]
    tags = meta_of(client.get(f"/notices/{notice.pk}/").content.decode())
    assert tags["og:title"][0].startswith(notice.title)
    assert tags["og:description"][0] and tags["og:description"][0] in notice.body.replace("\n", " ") + "…"
