"""Draw static/img/share.png, the picture a chat app shows beside a link to any public page but a month's.

    .venv/bin/python scripts/draw_share_image.py

Run again only when the complex's name or the wording changes; the file is committed.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustmgmt.settings")
os.environ.setdefault("SECRET_KEY", "draw-share-image")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.utils import translation  # noqa: E402

from trustmgmt.disclosure.share_image import draw_card  # noqa: E402


def main() -> None:
    with translation.override("zh-hans"):
        png = draw_card(
            brand=settings.COMPLEX_NAME,
            heading="信托制物业 · 收支公开",
            lines=[
                "每户每年预交 200 元：电费 50、设施维护 90、垃圾清运 60。",
                "这笔钱是全体业主的信托财产，每一笔收支都在这里公示。",
                "公告、月度公示、预算、合同、业主表决，手机上随时查看。",
            ],
            foot="扫码或点开链接，看每一元钱的去向",
        )
    target = ROOT / "static" / "img" / "share.png"
    target.write_bytes(png)
    print(f"{target.relative_to(ROOT)}: {len(png):,} bytes")


if __name__ == "__main__":
    main()
