from django import forms
from django.utils.translation import gettext_lazy as _

from trustmgmt.notices.models import BODY_LIMIT, TITLE_LIMIT, TextFormat

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NoticeForm(forms.Form):
    """Reads what was typed; every rule (empty title, the days, the attachment) is the service's."""

    title = forms.CharField(label=_("Notice title"), max_length=TITLE_LIMIT * 2, required=False)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=BODY_LIMIT * 2,
        required=False,
        help_text=_(
            "Plain text, or Markdown: # a heading, - a list item, 1. a numbered item, *emphasis*, "
            "[words](https://…) for a link. HTML is shown as typed."
        ),
    )
    text_format = forms.ChoiceField(label=_("Format"), choices=TextFormat.choices, initial=TextFormat.PLAIN)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE, required=False)
    valid_to = forms.DateField(label=_("Valid until"), widget=DATE, required=False)
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("Optional: a PDF or an image, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}),
    )
