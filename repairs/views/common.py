from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404


def serve_file(field, *, download_name: str | None = None) -> FileResponse:
    """A stored upload, to staff only (the views check the permission): never through a public media URL."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=False, filename=download_name or field.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, max-age=3600"
    return response


def first_message(error: ValidationError) -> str:
    return error.messages[0] if error.messages else str(error)


class ActiveFiltersMixin:
    """Names the filters the visitor set, so the filter box opens and counts them (an unticked box is not one)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        fields = context["filter"].form.fields
        context["active_filters"] = [name for name in fields if self.request.GET.get(name)]
        return context
