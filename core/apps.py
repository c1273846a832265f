from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The kernel below the apps: mechanisms every app may use; it imports no app of ours."""

    name = "core"
    verbose_name = _("Kerne")

    def ready(self) -> None:
        # Each app declares its personal data in <app>/privacy.py; importing those modules fills
        # the registry. All models are loaded before any ready() runs, so the order is free.
        autodiscover_modules("privacy")
