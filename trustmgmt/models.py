"""The audit trail: who changed a household, a fee plan, a contract, a price, a work order or a user, and when.

The apps' models are registered with django-simple-history from here, so their history tables belong to
trustmgmt (trustmgmt/migrations) and ledger/ and repairs/ know nothing of them. The user who made a change
comes from the request (HistoryRequestMiddleware); a command or the shell leaves it empty. Money needs no
history: the journal is append-only and records who posted each entry.

A model registered here that gains or loses a field needs `makemigrations trustmgmt` as well.
"""

from django.contrib.auth.models import User
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.models import HistoricalRecords

from ledger.models import FeePlan, Household
from repairs.models import Contract, PriceItem, WorkOrder
from trustmgmt.base import clock


class AuditedRecords(HistoricalRecords):
    """Records every save, except Django's own note of a login time (it would flood the trail)."""

    def post_save(self, instance, created, using=None, **kwargs):
        update_fields = kwargs.get("update_fields")
        if not created and update_fields is not None and set(update_fields) <= {"last_login"}:
            return
        if not clock.is_set():
            super().post_save(instance, created, using=using, **kwargs)
            return
        instance._history_date = clock.now()  # history written on its own dates (the demo) is audited on them
        try:
            super().post_save(instance, created, using=using, **kwargs)
        finally:
            del instance._history_date


# model -> fields left out of its history (secrets, and what changes on every login)
AUDITED = {
    Household: [],
    FeePlan: [],
    Contract: [],
    PriceItem: [],
    WorkOrder: [],
    User: ["password", "last_login"],
}

for _model, _excluded in AUDITED.items():
    register(
        _model,
        app="trustmgmt",
        records_class=AuditedRecords,
        excluded_fields=_excluded,
        m2m_fields=["groups"] if _model is User else (),
    )


class Audit(models.Model):
    """No table: carries the permission to read the audit trail (given to the committee)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_audit", "Can read the audit trail")]
        verbose_name = _("audit trail")

    def __str__(self):
        return str(self._meta.verbose_name)
