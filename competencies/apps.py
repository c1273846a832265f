from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenciesConfig(AppConfig):
    name = "competencies"
    verbose_name = _("Kompetencer")
    network_editor_permissions = (
        "competencies.add_guide",
        "competencies.change_guide",
        "competencies.delete_guide",
        "competencies.view_guide",
    )
