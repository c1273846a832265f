from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Kurser")

    def ready(self) -> None:
        # The catalogue answers what the competencies pages ask of courses (competencies.offers).
        from competencies import offers
        from courses.offers import CourseCatalogue

        offers.register_catalogue(CourseCatalogue())
