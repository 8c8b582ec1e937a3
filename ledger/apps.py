from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("Ledger")

    def ready(self):
        from ledger import db

        connection_created.connect(db.register_sqlite_function, dispatch_uid="ledger.db.register_sqlite_function")
        pre_migrate.connect(db.drop_before_migrate, sender=self, dispatch_uid="ledger.db.drop_sqlite_triggers")
        post_migrate.connect(db.install_after_migrate, sender=self, dispatch_uid="ledger.db.install_triggers")
