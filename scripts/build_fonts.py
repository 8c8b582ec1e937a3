"""Build the CJK fonts that PDFs embed, from Debian's Noto Sans CJK (fonts-noto-cjk).

The results are committed under static/fonts/, so that a fresh machine needs no font installed.
Run again only to change the coverage:  apt-get install fonts-noto-cjk && python scripts/build_fonts.py

- TrustSans-Regular.otf: the SC face with every Chinese character Noto has (CJK Unified Ideographs
  with extensions A-B+ and the compatibility block), Latin, punctuation and symbols. Owners' names often
  use characters outside GB2312 (堃, 喆, 珺, 昇, even extension B), so nothing less will do.
- TrustSans-Bold.otf: headings only need GB2312 plus the same Latin and symbols; a character the bold
  face lacks falls back to the regular face (see templates/pdf/base.html), never to an empty box.

WeasyPrint subsets these with HarfBuzz on every document, which takes ~0.1 s for a 14 MB face.
"""

import contextlib
import subprocess
import sys
import tempfile
from pathlib import Path

from fontTools.ttLib import TTCollection

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-{weight}.ttc"
SC_INDEX = 2  # the collection's faces: JP, KR, SC, TC, HK, then the mono faces
TARGET = Path(__file__).resolve().parent.parent / "static" / "fonts"

COMMON = [
    "U+0020-024F",  # Latin
    "U+02B0-036F",
    "U+0391-03C9",  # Greek
    "U+0401-0451",  # Cyrillic (GB2312 has it)
    "U+2000-206F",  # general punctuation
    "U+20A0-20CF",  # currency
    "U+2100-218F",  # letterlike, number forms (№, Ⅻ)
    "U+2190-23FF",  # arrows, maths
    "U+2460-24FF",  # enclosed numbers ①
    "U+2500-26FF",  # box drawing, shapes (✓ is 2713, see below)
    "U+2713-2717",
    "U+3000-303F",  # CJK punctuation
    "U+3200-33FF",  # enclosed CJK, ㎡
    "U+FE10-FE1F",
    "U+FE30-FE4F",
    "U+FF00-FFEF",  # full-width forms
]
ALL_HANZI = ["U+3400-4DBF", "U+4E00-9FFF", "U+F900-FAFF", "U+20000-2FFFF"]


def gb2312_hanzi() -> list[str]:
    chars = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.append(bytes([hi, lo]).decode("gb2312"))
    return [f"U+{ord(c):04X}" for c in chars]


def build(weight: str, unicodes: list[str], workdir: Path) -> None:
    face = workdir / f"{weight}.otf"
    TTCollection(SOURCE.format(weight=weight)).fonts[SC_INDEX].save(face)
    out = TARGET / f"TrustSans-{weight}.otf"
    subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [
            sys.executable,
            "-m",
            "fontTools.subset",
            str(face),
            "--unicodes=" + ",".join(unicodes),
            "--layout-features=*",
            "--name-IDs=*",
            "--notdef-outline",
            "--output-file=" + str(out),
        ],
        check=True,
    )
    print(out, out.stat().st_size)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        build("Regular", COMMON + ALL_HANZI, Path(tmp))
        build("Bold", COMMON + gb2312_hanzi(), Path(tmp))
