from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RepairsConfig(AppConfig):
    name = "repairs"
    verbose_name = _("Repairs")

    def ready(self):
        from repairs import db
        from repairs.electricity import db as electricity_db

        post_migrate.connect(db.install_after_migrate, sender=self, dispatch_uid="repairs.db.install")
        post_migrate.connect(
            electricity_db.install_after_migrate, sender=self, dispatch_uid="repairs.electricity.db.install"
        )
