"""The committee's view of the audit trail: the latest changes first, who made each, and what changed."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import Group, User
from django.core.paginator import Paginator
from django.db.models import CharField, Value
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from trustmgmt.base.privacy import mask_phone
from trustmgmt.base.roles import permission_required
from trustmgmt.models import AUDITED

PAGE_SIZE = 25
# what the filter calls each audited model: model name -> model
KINDS = {model._meta.model_name: model for model in AUDITED}
ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
MASKED_FIELDS = {"phone"}
# bookkeeping columns that change with everything else and say nothing
UNSHOWN = {"id", "created_at", "updated_at"}


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Event:
    when: datetime
    who: str
    kind: str
    subject: str
    action: str
    changes: list[Change]


def _union(kinds):
    """(history_id, history_date, kind) of every audited model, newest first, as one SQL query."""
    parts = [
        KINDS[kind]
        .history.values_list("history_id", "history_date")
        .annotate(kind=Value(kind, output_field=CharField()))
        .order_by()
        for kind in kinds
    ]
    first, *rest = parts
    return (
        first.union(*rest, all=True).order_by("-history_date", "-history_id")
        if rest
        else first.order_by("-history_date", "-history_id")
    )


def _shown(model, field_name: str, value, names: dict) -> str:
    if value is None or value == "":
        return "—"
    if field_name == "groups":
        return ", ".join(sorted(names["groups"].get(row["group"], str(row["group"])) for row in value)) or "—"
    field = model._meta.get_field(field_name)
    if field_name in MASKED_FIELDS:
        return mask_phone(str(value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        if field.related_model is User:
            return names["users"].get(value, f"#{value}")
        return f"#{value}"
    return str(value)


def _label(model, field_name: str) -> str:
    if field_name == "groups":
        return str(_("roles"))
    return str(model._meta.get_field(field_name).verbose_name)


def _named(field) -> bool:
    """A field with a name people read (not an internal counter or link)."""
    return str(field.verbose_name) != field.name.replace("_", " ")


def _changes(model, record, groups) -> list[Change]:
    if record.history_type == "-":
        return []
    previous = record.prev_record
    if previous is None:
        return [
            Change(str(field.verbose_name), "—", _shown(model, field.name, getattr(record, field.attname), groups))
            for field in record.tracked_fields
            if field.name not in UNSHOWN and _named(field) and getattr(record, field.attname) not in (None, "")
        ]
    delta = record.diff_against(previous, excluded_fields=UNSHOWN & {f.name for f in record.tracked_fields})
    return [
        Change(
            _label(model, change.field),
            _shown(model, change.field, _raw(model, change.field, change.old), groups),
            _shown(model, change.field, _raw(model, change.field, change.new), groups),
        )
        for change in delta.changes
    ]


def _raw(model, field_name: str, value):
    """diff_against gives related objects for foreign keys; show their ids like a creation does."""
    if field_name != "groups" and model._meta.get_field(field_name).is_relation and hasattr(value, "pk"):
        return value.pk
    return value


def _who_name(first_name: str, username: str) -> str:
    return first_name or username


def _who(user) -> str:
    if user is None:
        return str(_("the system"))
    return user.get_full_name() or user.get_username()


def events(page_rows) -> list[Event]:
    groups = {
        "groups": dict(Group.objects.values_list("id", "name")),
        "users": {
            pk: _who_name(first, username)
            for pk, first, username in User.objects.values_list("id", "first_name", "username")
        },
    }
    by_kind: dict[str, list[int]] = {}
    for history_id, _when, kind in page_rows:
        by_kind.setdefault(kind, []).append(history_id)
    records = {}
    for kind, ids in by_kind.items():
        for record in KINDS[kind].history.filter(history_id__in=ids).select_related("history_user"):
            records[kind, record.history_id] = record
    result = []
    for history_id, when, kind in page_rows:
        record = records[kind, history_id]
        model = KINDS[kind]
        result.append(
            Event(
                when=when,
                who=_who(record.history_user),
                kind=str(model._meta.verbose_name),
                subject=str(record.instance),
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                changes=_changes(model, record, groups),
            )
        )
    return result


@permission_required("trustmgmt.view_audit")
def audit_trail(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kinds = [kind] if kind in KINDS else list(KINDS)
    page = Paginator(_union(kinds), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "trustmgmt/audit.html",
        {
            "page": page,
            "events": events(list(page.object_list)),
            "kinds": [(name, model._meta.verbose_name) for name, model in KINDS.items()],
            "kind": kind if kind in KINDS else "",
        },
    )
