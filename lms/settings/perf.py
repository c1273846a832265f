"""The load profile (``make perf``): production settings, changed only where plain HTTP on the
loopback address needs it.

``tests/perf/run_profile.py`` serves the site with gunicorn on 127.0.0.1 under these settings, so
that what is measured is what production runs (no debug, the manifest of compressed static
files, the Redis cache, the same middleware). What differs, and why:

- a throw-away secret key and the loopback hosts by default (production has no defaults);
- no HTTPS: no redirect to it, no HSTS, cookies without ``Secure`` (there is no TLS on the
  loopback, and a ``Secure`` cookie would never come back);
- allauth takes the client's address from ``X-Forwarded-For`` as behind one proxy, so that each
  simulated user, which sends an address of its own, is its own client for the login rate
  limits (the limits stay on, as in production);
- the bare Django view (``lms.perf_views``) is installed: every figure is a ratio to it;
- the cache keys carry the run's own prefix (``LMS_PERF_CACHE_PREFIX``, which the runner sets
  per run), so that a run never reads what a run against another database left in Redis, and
  nothing needs flushing.

Never use these settings for a site that anyone but the load profile reaches.
"""

import os

from lms.env import env_str

# Before production reads them: it refuses to start without them.
os.environ.setdefault("DJANGO_SECRET_KEY", "perf-profile-only-" + "x" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")

from .production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLAUTH_TRUSTED_PROXY_COUNT = 1
LMS_PERF_BARE_VIEW = True
CACHES["default"]["KEY_PREFIX"] = env_str("LMS_PERF_CACHE_PREFIX", "lms-perf")  # noqa: F405
