from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "trustmgmt.disclosure"
    label = "disclosure"
    verbose_name = _("Disclosure")

    def ready(self):
        from trustmgmt.disclosure import cache

        for model in cache.STATE_MODELS:
            post_save.connect(
                cache.forget_ledger_state, sender=model, dispatch_uid=f"disclosure.cache.{model.__name__}"
            )
