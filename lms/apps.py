from django.apps import AppConfig


class LmsConfig(AppConfig):
    """The configuration layer above every app: settings, URLs, Celery and the demo command.

    It is an app only so that ``manage.py seed_demo`` is found; it has no models.
    """

    name = "lms"
    verbose_name = "AlmenLæring"
