"""Staff pages: the list of every notice (drafts too), writing and editing a draft, publishing, correcting."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trustmgmt.base.files import serve_file
from trustmgmt.base.forms import add_service_errors
from trustmgmt.base.markup import render as render_body
from trustmgmt.base.refusals import first_message
from trustmgmt.base.roles import permission_required
from trustmgmt.notices import selectors, services
from trustmgmt.notices.forms import NoticeForm
from trustmgmt.notices.models import Notice


@permission_required("notices.view_notice")
def notice_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    notices = list(selectors.for_staff()[:300])
    rows = [(notice, selectors.state(notice, today)) for notice in notices]
    return render(request, "notices/list.html", {"rows": rows})


def _form_data(form: NoticeForm) -> dict:
    data = dict(form.cleaned_data)
    data["attachment"] = data.get("attachment") or None
    return data


@permission_required("notices.add_notice")
def notice_new(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = NoticeForm(request.POST or None, request.FILES or None, initial={"valid_from": today})
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.notice_create(by=request.user, **_form_data(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The draft is saved. Check it, then publish it."))
            return redirect("notices_staff:edit", notice.pk)
    return render(request, "notices/form.html", {"form": form, "title": _("Write a notice")})


@permission_required("notices.view_notice")
def notice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft: its form and a preview. A published notice: what it says, and the way to correct it."""
    notice = get_object_or_404(selectors.for_staff(), pk=pk)
    form = None
    if not notice.is_published:
        initial = {name: getattr(notice, name) for name in ("title", "body", "text_format", "valid_from", "valid_to")}
        form = NoticeForm(request.POST or None, request.FILES or None, initial=initial)
        if request.method == "POST":
            if not request.user.has_perm("notices.change_notice"):
                raise PermissionDenied
            if form.is_valid():
                try:
                    services.notice_update(notice=notice, by=request.user, **_form_data(form))
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("The draft is saved."))
                    return redirect("notices_staff:edit", notice.pk)
    correction = Notice.objects.filter(replaces=notice).first()
    context = {
        "notice": notice,
        "state": selectors.state(notice, timezone.localdate()),
        "body_html": render_body(notice.body, notice.text_format),
        "form": form,
        "correction": correction,
        "title": notice.title,
    }
    return render(request, "notices/edit.html", context)


@require_POST
@permission_required("notices.publish_notice")
def notice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(Notice, pk=pk)
    try:
        services.notice_publish(notice=notice, by=request.user)
    except ValidationError as error:
        messages.error(request, first_message(error))
    else:
        messages.success(request, _("The notice is published. Print it for the board."))
    return redirect("notices_staff:edit", notice.pk)


@require_POST
@permission_required("notices.add_notice")
def notice_correct(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(Notice, pk=pk)
    try:
        correction = services.notice_correct(notice=notice, by=request.user)
    except ValidationError as error:
        messages.error(request, first_message(error))
        return redirect("notices_staff:edit", notice.pk)
    messages.success(request, _("A correction is drafted from the notice. Change what was wrong, then publish it."))
    return redirect("notices_staff:edit", correction.pk)


@permission_required("notices.view_notice")
def notice_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft's attachment, for staff to check before publishing (the public get a published one's)."""
    notice = get_object_or_404(Notice, pk=pk)
    return serve_file(notice.attachment)
