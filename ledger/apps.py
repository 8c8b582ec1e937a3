from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("Ledger")

    def ready(self):
        from ledger import db

        post_migrate.connect(db.install_after_migrate, sender=self, dispatch_uid="ledger.db.install_triggers")
