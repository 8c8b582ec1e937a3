from django.apps import AppConfig


class BaseConfig(AppConfig):
    """The base layer: imports no app. An app only so that its template filters load everywhere."""

    name = "trustmgmt.base"
    label = "base"
    verbose_name = "base"
