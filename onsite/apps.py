from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnsiteConfig(AppConfig):
    name = "onsite"
    verbose_name = _("Skole på byggepladsen")

    def ready(self) -> None:
        # Register this app's kinds of consent with core.consents (Mine data lists them).
        from onsite import consents  # noqa: F401
