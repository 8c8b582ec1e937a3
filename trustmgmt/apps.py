from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TrustmgmtConfig(AppConfig):
    name = "trustmgmt"
    verbose_name = "trustmgmt"

    def ready(self):
        from trustmgmt.base import roles

        post_migrate.connect(roles.sync_role_permissions, dispatch_uid="trustmgmt.sync_role_permissions")
