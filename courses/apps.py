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
        _connect_figures()


def _connect_figures() -> None:
    """Session counters, course ratings and cached catalogue pages follow every row change."""
    from django.db.models.signals import post_delete, post_save

    from courses import signals
    from courses.models import CourseSession, Enrolment, Evaluation

    post_save.connect(signals.enrolment_saved, sender=Enrolment, dispatch_uid="courses.figures.es")
    post_delete.connect(
        signals.enrolment_deleted, sender=Enrolment, dispatch_uid="courses.figures.ed"
    )
    for signal, uid in ((post_save, "courses.figures.vs"), (post_delete, "courses.figures.vd")):
        signal.connect(signals.evaluation_changed, sender=Evaluation, dispatch_uid=uid)
    post_save.connect(signals.session_saved, sender=CourseSession, dispatch_uid="courses.purge.s")
