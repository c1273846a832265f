from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnsiteConfig(AppConfig):
    name = "onsite"
    verbose_name = _("Skole på byggepladsen")

    def ready(self) -> None:
        # This app's kinds of consent go to core.consents (Mine data lists them); its building
        # projects answer what the strategy page asks of onsite (competencies.offers).
        from competencies import offers
        from onsite import consents  # noqa: F401
        from onsite.offers import BuildingProjects

        offers.register_projects(BuildingProjects())
        from onsite import cache_purge  # noqa: F401  (lessons purge cached pages)
