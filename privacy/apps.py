from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """The person's rights under the GDPR: export, erasure, retention, consents, access log.

    A composing app above every domain app: it reads each app's declarations from the
    registry in ``core.privacy`` and calls the apps' services where erasure must do more than
    delete (free a seat, promote the waitlist).
    """

    name = "privacy"
    verbose_name = _("Persondata")
