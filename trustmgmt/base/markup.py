"""Text that staff typed, shown as HTML on a public page and in a PDF: plain text, or a small safe Markdown.

The Markdown is markdown-it-py's "zero" preset with only what a notice on a board needs switched on:
headings (shown one level down, so the notice's own title stays the page's only h1), paragraphs, bulleted and
numbered lists, emphasis and links. Raw HTML is off: a `<script>` or `<img onerror=…>` in the text is shown
as the characters typed. A link goes only to http(s), mailto or a path on this site; any other target
(`javascript:`, `data:`, `vbscript:`, `file:`, also written with entities or odd case) leaves the text as typed,
not a link. Single line breaks are kept, since people type a notice line by line.

Plain text is escaped and split into paragraphs at blank lines, with its line breaks kept.
"""

import re
from urllib.parse import urlsplit

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

PLAIN = "text"
MARKDOWN = "markdown"
FORMATS = (PLAIN, MARKDOWN)
SAFE_SCHEMES = {"http", "https", "mailto"}
# Characters a browser drops or ignores inside a URL's scheme: "java\tscript:" is still javascript:.
_IGNORED = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def safe_link(url: str) -> bool:
    """A link target a resident may follow: http(s), mailto, or a path on this site (not `//other.host`)."""
    cleaned = _IGNORED.sub("", url)
    if cleaned.startswith("/"):
        return not cleaned.startswith("//") and "\\" not in cleaned
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return False
    return scheme in SAFE_SCHEMES


def _markdown() -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False, "breaks": True})
    md.enable(["heading", "list", "emphasis", "link", "newline", "escape"])
    md.validateLink = safe_link

    def heading_open(self, tokens, index, options, env):
        token = tokens[index]
        token.tag = f"h{min(int(token.tag[1]) + 1, 4)}"
        return self.renderToken(tokens, index, options, env)

    def link_open(self, tokens, index, options, env):
        tokens[index].attrSet("rel", "nofollow noopener noreferrer")
        return self.renderToken(tokens, index, options, env)

    md.add_render_rule("heading_open", heading_open)
    md.add_render_rule("heading_close", heading_open)
    md.add_render_rule("link_open", link_open)
    return md


_MD = _markdown()


def plain_html(text: str) -> SafeString:
    paragraphs = [part.strip("\n") for part in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if part.strip()]
    return mark_safe(  # noqa: S308 (every paragraph is escaped first)
        "".join(f"<p>{escape(part).replace(chr(10), '<br>')}</p>" for part in paragraphs)
    )


def render(text: str, text_format: str) -> SafeString:
    """The body as HTML that is safe to put in a page."""
    if text_format == MARKDOWN:
        return mark_safe(_MD.render(text.replace("\r\n", "\n")))  # noqa: S308 (html off, links checked)
    return plain_html(text)
