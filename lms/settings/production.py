"""Production: no defaults for secrets or hosts, HTTPS everywhere, static files from a manifest."""

from lms.env import (
    checked_base_url,
    checked_choice,
    env_bool,
    env_int,
    env_list,
    env_optional,
    env_str,
)

from .base import *  # noqa: F403

# No fallback: a production process without these variables refuses to start.
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
# Links made outside a request (e-mails from workers): without LMS_BASE_URL, the first allowed
# host over HTTPS, which production forces anyway.
LMS_BASE_URL = checked_base_url(
    "LMS_BASE_URL",
    env_str(
        "LMS_BASE_URL",
        env_str("WAGTAILADMIN_BASE_URL", "https://" + ALLOWED_HOSTS[0].lstrip(".")),
    ),
)
WAGTAILADMIN_BASE_URL = LMS_BASE_URL
DEBUG = False

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# Behind a TLS-terminating load balancer that sets X-Forwarded-Proto.
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The login rate limits count the client's address, not the load balancer's: without this
    # ten failures from anyone would lock out everybody behind the proxy. The address is the
    # one the outermost of our proxies appended to X-Forwarded-For (an attacker can only
    # prepend), or a header the proxy sets and overwrites, such as X-Real-IP.
    ALLAUTH_TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 1)
    ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_optional("DJANGO_CLIENT_IP_HEADER")
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Logs and error reports -----------------------------------------------------------------
# One JSON object per line on standard output (core.ops.logs); LOG_FORMAT=text to read by eye.
LOG_FORMAT = checked_choice("LOG_FORMAT", env_str("LOG_FORMAT", "json"), ("text", "json"))
LOGGING["handlers"]["console"].update(formatter=LOG_FORMAT, stream="ext://sys.stdout")  # noqa: F405
# Sentry, only when SENTRY_DSN is set, with personal data scrubbed (core.ops.sentry). The
# workers load these settings too, so they report alike.
SENTRY_DSN = env_optional("SENTRY_DSN")
if SENTRY_DSN:
    from core.ops.sentry import sample_rate, sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        release=env_optional("LMS_RELEASE"),
        traces_sample_rate=sample_rate(
            "SENTRY_TRACES_SAMPLE_RATE", env_str("SENTRY_TRACES_SAMPLE_RATE", "0")
        ),
    )
