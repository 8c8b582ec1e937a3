"""Chinese reads with full-width punctuation: "日期：" not "日期:", "，" and "。" inside a Chinese sentence.

Two places hold the Chinese a user reads: the catalogue's msgstr, and the templates, where a translated label is
often followed by literal punctuation (`{% translate "Date" %}:`). Both are read here as a reader would see
them in Chinese: each template's `translate`/`blocktranslate` replaced by its Chinese text, every other tag and
variable by a neutral placeholder. An ASCII `: , ; ( ) ? !` touching a Chinese character is an error, except the
few legitimate cases in ALLOWED (placeholders, URLs, times).
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

CJK = "\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef"
# ASCII punctuation right before or after a Chinese character (or a full-width mark), a space between allowed.
BAD = re.compile(rf"[{CJK}] ?[:,;()?!]|[:,;()?!] ?[{CJK}]")

# The allow-list: ASCII punctuation that may touch Chinese, blanked out before the check.
ALLOWED = [
    re.compile(r"%\([a-z_]+\)[sdf]"),  # format placeholders: %(year)s年
    re.compile(r"\{[a-z_]*\}"),  # str.format placeholders
    re.compile(r"https?://\S+"),  # URLs
    re.compile(r"\b[0-9]{1,2}:[0-9]{2}\b"),  # times: 工作日 9:00–11:30, 公示于16:26
]


def offences(text: str) -> list[str]:
    """Each place in `text` where ASCII punctuation touches Chinese, with a little context."""
    for allowed in ALLOWED:
        text = allowed.sub("0", text)
    return [text[max(m.start() - 6, 0) : m.end() + 6] for m in BAD.finditer(text)]


def _unquote(lines: list[str]) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', "\n".join(lines))).replace('\\"', '"').replace("\\n", "\n")


def catalogue() -> dict[str, str]:
    """msgid -> msgstr (plural forms under "msgid[n]"), read from the .po file itself."""
    entries: dict[str, str] = {}
    for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        keys: dict[str, list[str]] = {}
        key = None
        for line in lines:
            match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) ", line)
            if match:
                key = match.group(1)
                keys[key] = [line[match.end() :]]
            elif key and line.startswith('"'):
                keys[key].append(line)
        if "msgid" not in keys:
            continue
        msgid = _unquote(keys["msgid"])
        if "msgctxt" in keys:
            msgid = _unquote(keys["msgctxt"]) + "\x04" + msgid
        for name, value in keys.items():
            if name.startswith("msgstr"):
                entries[msgid + name[6:]] = _unquote(value)
    return entries


MESSAGES = catalogue()


def test_the_catalogue_has_no_ascii_punctuation_in_chinese():
    wrong = {msgid: found for msgid, text in MESSAGES.items() if (found := offences(text))}
    assert wrong == {}


TRANSLATE = re.compile(r"""{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<id>.*?)(?P=q)(?P<rest>[^%]*)%}""")
BLOCK = re.compile(r"{%\s*blocktrans(?:late)?\b(?P<args>[^%]*)%}(?P<body>.*?){%\s*endblocktrans(?:late)?\s*%}", re.S)
TAG = re.compile(r"{%.*?%}|{{.*?}}", re.S)
# Tags that print nothing themselves: the text on either side of them reads as one.
SILENT = re.compile(
    r"{%\s*(?:if|elif|else|endif|for|empty|endfor|with|endwith|load|block|endblock|extends|spaceless|endspaceless"
    r"|csrf_token|get_current_language|get_available_languages|firstof\s*$)\b.*?%}",
    re.S,
)
COMMENT = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)


def chinese_view(source: str, messages: dict[str, str]) -> str:
    """The template's text as it reads in Chinese: translations in, other tags and variables as a placeholder."""
    source = COMMENT.sub("", source)

    def block(match: re.Match) -> str:
        body = match.group("body")
        singular = re.split(r"{%\s*plural\s*%}", body)[0]
        msgid = re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", singular)
        if "trimmed" in match.group("args"):
            msgid = " ".join(msgid.split())
        text = messages.get(msgid) or messages.get(msgid + "[0]") or msgid
        return re.sub(r"%\(\w+\)s", "X", text)

    source = BLOCK.sub(block, source)

    def translate(match: re.Match) -> str:
        if " as " in f" {match.group('rest')}":
            return ""
        context = re.search(r"""context\s+["'](.*?)["']""", match.group("rest"))
        msgid = (context.group(1) + "\x04" if context else "") + match.group("id")
        return messages.get(msgid, match.group("id"))

    source = TRANSLATE.sub(translate, source)
    source = re.sub(
        r"<[^>]*>", " ", TAG.sub("X", SILENT.sub("", source))
    )  # attribute values hold no sentences worth checking
    return source


TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=[str(p.relative_to(ROOT / "templates")) for p in TEMPLATES])
def test_templates_read_with_full_width_punctuation_in_chinese(path):
    assert offences(chinese_view(path.read_text(encoding="utf-8"), MESSAGES)) == []


def test_the_check_catches_half_width_punctuation():
    assert offences("日期: 2024") and offences("预算(草稿)") and offences("已缴清,谢谢") and offences("好吗?")
    assert offences("工作日 9:00–11:30") == [] and offences("%(year)s年平均：%(amounts)s") == []
    assert offences("公示于2026-11-30 16:26") == [] and offences("见 https://wuye.example.cn/disclosure/，") == []
    assert offences(chinese_view('{% translate "Date" %}: X', {"Date": "日期"})) != []
    assert offences(chinese_view('{% translate "Date:" %} X', {"Date:": "日期："})) == []
    assert offences(chinese_view('{# 注释, 不算 #}<a title="提示:">ok</a>', {})) == []
    assert (
        offences(chinese_view('中文{% translate ", " context "punctuation" %}中文', {"punctuation\x04, ": "，"})) == []
    )
