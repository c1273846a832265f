"""Settings of the workers that test_resilience_services.py starts: the test settings, with
delivery through ``CountingBackend`` (lms.settings.test fixes the locmem backend otherwise)."""

from lms.settings.test import *  # noqa: F403

EMAIL_DELIVERY_BACKEND = "tests.lms.mail_backends.CountingBackend"
