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
        # The access log: its registry entry, and the log-in and two-factor receivers; and the
        # form-submission claims' registry entry (core.submissions).
        from core import audit_privacy, signals, submissions_privacy  # noqa: F401

        # Export jobs: their registry entry and task, and each app's kinds of export
        # (<app>/export_jobs.py, see core.jobs).
        from core.jobs import privacy as jobs_privacy  # noqa: F401
        from core.jobs import tasks as jobs_tasks  # noqa: F401

        autodiscover_modules("export_jobs")

        signals.connect()
        # Pillow's decompression-bomb limit follows our upload limit, in web and worker alike.
        from core.uploads import pillow_limit_apply

        pillow_limit_apply()
        # Wagtail's admin CSV exports write formula-safe cells (see core.exports).
        from core.exports import protect_wagtail_csv_exports

        protect_wagtail_csv_exports()
        # Slugs the admin proposes write æ, ø, å as ae, oe, aa, like core.slugs on the server.
        from core.slug_input import danish_slug_input_register

        danish_slug_input_register()
