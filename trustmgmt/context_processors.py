from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import gettext as _

SHARE_IMAGE = "img/share.png"  # drawn once by scripts/draw_share_image.py


def site(request):
    return {"complex_name": settings.COMPLEX_NAME}


def share(request):
    """What a link to this page shows when pasted into a group chat (Open Graph, base.html): absolute URLs at
    PUBLIC_BASE_URL, the path without its query string (which may carry what a visitor typed), the default image
    and description. A page states its own title and description in blocks; the month page its own image."""
    base = settings.PUBLIC_BASE_URL
    return {
        "share": {
            "base": base,
            "url": base + request.path,
            "image": base + static(SHARE_IMAGE),
            "description": _(
                "%(complex)s: every yuan of the owners' fee in and out, disclosed to the residents, with notices "
                "from the steward and the owners' committee."
            )
            % {"complex": settings.COMPLEX_NAME},
        }
    }
