"""Local development: the embedded default with debugging on."""

from lms.env import env_bool, env_int

from .base import *  # noqa: F403

DEBUG = env_bool("DJANGO_DEBUG", True)

# Templates being edited show at once: no whole-page cache unless asked for.
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_SECONDS", 0)

# Serve static files straight from the apps; no collectstatic needed outside production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
