"""Find the forms in a page, as a browser would submit them."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


@dataclass
class Field:
    name: str
    kind: str  # input type, "select" or "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False


@dataclass
class Form:
    page: str
    action: str
    method: str
    multipart: bool
    fields: list[Field] = field(default_factory=list)

    @property
    def key(self) -> tuple:
        return (self.method, urlsplit(self.action).path, tuple(sorted({f.name for f in self.fields})))

    def defaults(self) -> dict[str, list[str]]:
        """What the form sends untouched: hidden values, checked boxes, selected options, the first button."""
        data: dict[str, list[str]] = {}
        button_sent = False
        for item in self.fields:
            if item.kind in {"checkbox", "radio"} and not item.checked:
                continue
            if item.kind in {"submit", "button"}:
                if button_sent:
                    continue
                button_sent = True
            if item.kind == "file":
                continue
            data.setdefault(item.name, []).append(item.value)
        return data


class _FormParser(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Field | None = None
        self.textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.form = Form(
                page=self.page,
                action=urljoin(self.page, attributes.get("action") or self.page),
                method=(attributes.get("method") or "get").lower(),
                multipart=attributes.get("enctype", "") == "multipart/form-data",
            )
            self.forms.append(self.form)
            return
        if self.form is None or "name" not in attributes or "disabled" in attributes:
            if tag == "option" and self.select is not None:
                self.select.options.append(attributes.get("value", ""))
                if "selected" in attributes:
                    self.select.value = attributes.get("value", "")
            return
        name = attributes["name"]
        if tag == "input":
            self.form.fields.append(
                Field(
                    name,
                    attributes.get("type", "text").lower(),
                    attributes.get("value", ""),
                    checked="checked" in attributes,
                )
            )
        elif tag == "button":
            self.form.fields.append(Field(name, attributes.get("type", "submit").lower(), attributes.get("value", "")))
        elif tag == "select":
            self.select = Field(name, "select")
            self.form.fields.append(self.select)
        elif tag == "textarea":
            self.textarea = Field(name, "textarea")
            self.form.fields.append(self.textarea)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select is not None:
            if not self.select.value and self.select.options:
                self.select.value = self.select.options[0]
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def find_forms(page_url: str, html: str) -> list[Form]:
    parser = _FormParser(page_url)
    parser.feed(html)
    return parser.forms
