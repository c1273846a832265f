"""The test suite: fast hashing, local memory everywhere unless a pass asks for real services."""

import os

from lms.storage_config import storages_config

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# One folder per pytest-xdist worker: tests that compare the folder before and after must not
# see another worker's files.
MEDIA_ROOT = BASE_DIR / (".test-media" + os.environ.get("PYTEST_XDIST_WORKER", ""))  # noqa: F405
# The local disk, whatever MEDIA_S3_* says: the object-storage tests build their own STORAGES
# for a moto bucket (tests/core/test_object_storage.py).
STORAGES = storages_config(media_root=MEDIA_ROOT, s3=None)
# Tests read mail from django.core.mail.outbox; the delivery backend is replaced there too.
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LMS_BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
# The single sign-on tests run a real OpenID Connect provider on http://127.0.0.1.
LMS_SSO_ALLOW_LOOPBACK_HTTP = True

# No whole-page cache: tests render what they just wrote (tests/core/test_page_cache.py
# turns it on).
PAGE_CACHE_TIMEOUT = 0

# Serve static files straight from the apps; no collectstatic needed outside production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
