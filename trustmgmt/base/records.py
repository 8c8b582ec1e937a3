"""Append-only records: once posted, a row is never changed or deleted, only undone by a new one.

Enforced here in Python (save, delete, QuerySet.update/delete/bulk_update) and, for each app's tables, by
database triggers (`ledger.db`, `repairs.db`).
"""

from django.db import models

from trustmgmt.base.checks import QuickChecks


class AppendOnlyError(Exception):
    """A posted record was about to be changed or deleted."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.label} rows are append-only; post a reversal instead")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.label} rows are append-only; post a reversal instead")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError(f"{self.model._meta.label} rows are append-only; post a reversal instead")


class AppendOnlyModel(QuickChecks, models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.label} #{self.pk} is posted and cannot change")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.label} #{self.pk} is posted and cannot be deleted")
