"""The notice body as HTML: the small Markdown that a board notice needs, and nothing that runs."""

import pytest

from trustmgmt.base.markup import MARKDOWN, PLAIN, render, safe_link

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "<a href='javascript:alert(1)'>x</a>",
    "<iframe src=//evil.example></iframe>",
    "<style>body{display:none}</style>",
]
BAD_LINKS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/",
    "\\\\evil.example\\x",
]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("text_format", [PLAIN, MARKDOWN])
def test_raw_html_is_shown_as_typed(text, text_format):
    html = render(text, text_format)
    assert "<script" not in html and "<img" not in html and "<svg" not in html and "<iframe" not in html
    assert "<style" not in html and "<a href='javascript" not in html
    assert "&lt;" in html


@pytest.mark.parametrize("target", BAD_LINKS)
def test_a_link_to_anything_but_the_web_mail_or_this_site_is_not_a_link(target):
    html = render(f"[点这里]({target})", MARKDOWN)
    assert "<a " not in html and "href" not in html, html
    assert "点这里" in html


@pytest.mark.parametrize("target", BAD_LINKS)
def test_bad_targets_are_not_safe_links(target):
    assert not safe_link(target)


@pytest.mark.parametrize(
    "target", ["https://www.example.cn/a?b=1", "http://example.cn", "mailto:yzh@example.cn", "/disclosure/2024/05/"]
)
def test_web_mail_and_site_links_are(target):
    html = render(f"[公示]({target})", MARKDOWN)
    assert '<a href="' in html and 'rel="nofollow noopener noreferrer"' in html


def test_autolinks_and_images_are_not_made():
    html = render("<javascript:alert(1)> ![x](https://evil.example/t.png)", MARKDOWN)
    assert "&lt;javascript:alert(1)&gt;" in html
    assert "<img" not in html and 'javascript:alert(1)"' not in html


def test_a_link_title_cannot_break_out_of_its_attribute():
    html = render('[x](https://example.cn "a\\" onmouseover=\\"alert(1)")', MARKDOWN)
    assert 'onmouseover="alert' not in html


def test_the_subset_renders_headings_one_level_down_lists_emphasis_and_line_breaks():
    html = render("# 停水通知\n\n## 时间\n- 上午\n- 下午\n\n1. 储水\n2. 关阀\n\n*请注意* **准时**\n第二行", MARKDOWN)
    assert "<h2>停水通知</h2>" in html and "<h3>时间</h3>" in html
    assert "<ul>" in html and "<li>上午</li>" in html and "<ol>" in html
    assert "<em>请注意</em>" in html and "<strong>准时</strong>" in html
    assert "<br" in html
    assert "<h1" not in html


def test_tables_code_blocks_and_quotes_are_not_in_the_subset():
    html = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n    code\n\n> quote", MARKDOWN)
    assert "<table" not in html and "<pre" not in html and "<blockquote" not in html


def test_plain_text_keeps_paragraphs_and_lines_and_escapes_everything():
    html = render("第一段\n第二行 <b>x</b> & [y](javascript:1)\n\n第二段", PLAIN)
    assert html == "<p>第一段<br>第二行 &lt;b&gt;x&lt;/b&gt; &amp; [y](javascript:1)</p><p>第二段</p>"
