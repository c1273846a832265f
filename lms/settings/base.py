"""Settings shared by every environment.

Differences between machines come from environment variables read through ``lms.env``. The
embedded default (no variables at all) is a SQLite file, eager Celery, a local-memory cache and
e-mail to the console, so that ``make run`` needs no services.
"""

from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from lms.env import (
    checked_base_url,
    checked_choice,
    env_bool,
    env_int,
    env_list,
    env_optional,
    env_str,
)
from lms.storage_config import s3_settings, storages_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "django-insecure-local-development-only-key")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Our apps first, so their templates override those of the libraries below.
    "core",
    "core.mail",
    "organisations",
    "competencies",
    "tools",
    "courses",
    "onsite",
    "processes",
    "rooms",
    "events",
    "newsletter",
    "api",
    "cms",
    "privacy",
    # The configuration layer: only the demo command lives in it.
    "lms",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    # The REST API: DRF, its OpenAPI schema and the schema browser's packaged assets
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Front end
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "bootstrap",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # Outermost: the request id (X-Request-ID) and the one log line per request, timed around
    # everything below (core.ops.request_id).
    "core.ops.request_id.RequestIdMiddleware",
    # /healthz, /readyz and /metrics are answered here, before any middleware that checks the
    # host, redirects to HTTPS or reaches the session, cache or database (core.ops.middleware).
    "core.ops.middleware.OpsEndpointsMiddleware",
    # Counts and times every other request, all middleware included (Prometheus, /metrics).
    "core.ops.middleware.RequestMetricsMiddleware",
    # A media bucket that cannot be reached: a 503 page for the download or upload that needed
    # it, instead of a 500 (core.ops.middleware); pages without files are not touched.
    "core.ops.middleware.StorageUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before XFrameOptionsMiddleware, so that it sees the framing a view allowed.
    "core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Absolute links in what this request renders or sends use its address (core.site_url).
    "core.site_url.RequestAddressMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.safety.RefuseNulBytesMiddleware",  # NUL bytes: a 400, never a database error
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Inside every middleware that sets headers or cookies, so a cached page gets them too.
    "core.page_cache.AnonymousPageCacheMiddleware",
    "organisations.middleware.RequireTwoFactorMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
# The load profile's bare Django view (lms.perf_views): off everywhere but lms.settings.perf.
LMS_PERF_BARE_VIEW = env_bool("LMS_PERF_BARE_VIEW", False)
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "core.middleware.csp_context",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# DATABASE_URL selects PostgreSQL (postgres://user@host:5432/name); without it a SQLite file in
# the project folder keeps the one-command start.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# REDIS_CACHE_URL should name its own database number (redis://127.0.0.1:6379/1), not the broker's.
_redis_cache_url = env_optional("REDIS_CACHE_URL")
if _redis_cache_url:
    CACHES = {
        "default": {
            # Fails open: with Redis down every read is a miss and the site keeps serving.
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": _redis_cache_url,
            "KEY_PREFIX": "lms",
            # A dead Redis costs a quarter of a second once, not the OS's TCP timeout.
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole pages for anonymous visitors (core.page_cache): which pages, by Wagtail page type or URL
# name, and the families of data each shows; a family's purge is one INCR. 0 seconds: off.
# Off by default without Redis: each process's local memory would miss the others' purges.
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_SECONDS", 600 if _redis_cache_url else 0)
PAGE_CACHE_RULES: dict[str, tuple[str, ...]] = {
    "cms.homepage": ("catalogue", "news", "lessons", "events"),
    "cms.standardpage": (),
    "cms.newsindexpage": ("news",),
    "cms.newspage": ("news",),
    "courses.courseindexpage": ("catalogue",),
    "courses.providersectionpage": ("catalogue",),
    "courses.coursepage": ("catalogue",),
    "courses.modulepage": ("catalogue",),
    "events.eventindexpage": ("events",),
    "events.eventpage": ("events",),
    "guide_list": ("catalogue",),
    "guide_detail": ("catalogue",),
    "onsite:lessons": ("lessons",),
    "onsite:lesson_detail": ("lessons",),
}

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env_optional("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env_optional("CELERY_RESULT_BACKEND") or CELERY_BROKER_URL
# Without a broker, tasks run in the calling process: the embedded default needs no worker.
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = "Europe/Copenhagen"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "lms")
# E-mail to <default>.mail, slow jobs to <default>.slow, the rest to the default queue
# (lms.queues; the Procfile's two workers and docs/operations.md say who consumes which).
CELERY_TASK_ROUTES = ("lms.queues.route_task",)
# Only for the scale-out test (tests/ops): a task that sleeps, to kill a worker in its middle.
CELERY_IMPORTS = ("lms.diag_tasks",) if env_bool("LMS_OPS_DIAG_TASKS", False) else ()
# A publish with Redis down must fail within seconds, not hang the request: core.tasks then
# stores the task and enqueues it again later. The visibility timeout is how long a task taken by
# a worker that died stays invisible before Redis hands it out again; it must exceed the longest
# task (privacy.build_export: 35 min hard limit) and the longest retry countdown (30 min), or a
# running or waiting task would be handed to a second worker. E-mail does not wait for it: the
# mail sweep re-sends a row whose worker died within minutes (core.mail.services).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# CELERY_VISIBILITY_TIMEOUT (seconds) exists for the scale-out test, which kills a worker and
# cannot wait 40 minutes; in production keep the default. The sweep that hands such tasks out
# again runs every 10 s (kombu's default is one real scan per 100 s), sooner for a short timeout.
_visibility_timeout = env_int("CELERY_VISIBILITY_TIMEOUT", 40 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _visibility_timeout,
    "unacked_restore_interval": min(10, max(1, _visibility_timeout // 4)),
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": 2,
    "socket_timeout": 10,
    # Publishing: one immediate reconnect (a Redis that restarted), then give up, instead of
    # kombu's default 2-second pause before the retry.
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 10
# No code reads a task's result, and asking for one made every publish subscribe to the Redis
# result backend first, which with Redis down retried for 20 s and then raised. Health checks
# (lms.ping) ask for theirs explicitly; the backend then gives up after one quick retry.
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.5}
}
from lms.celery_schedule import CELERY_BEAT_SCHEDULE  # noqa: E402,F401

# --- Health and metrics ---------------------------------------------------------------------
# /healthz (the process answers), /readyz (database, cache, broker, storage, migrations; with
# ?workers=1 a fresh Celery heartbeat too) and /metrics (Prometheus): core.ops.
# /metrics answers a direct connection from these addresses or networks (the TCP peer, never
# X-Forwarded-For), or any request with "Authorization: Bearer <METRICS_TOKEN>"; others get 404.
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", ["127.0.0.1", "::1"])
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
# The Celery queues whose length /metrics reports (a function returning their names).
LMS_QUEUE_NAMES = "lms.queues.queue_names"
# PROMETHEUS_MULTIPROC_DIR is read by prometheus-client from the environment, not from here.

# --- E-mail ---------------------------------------------------------------------------------
# Every e-mail (account e-mails too) goes through core.mail: it is stored, then delivered by a
# Celery task through EMAIL_DELIVERY_BACKEND. That makes delivery retryable and never doubled.
EMAIL_BACKEND = "core.mail.backends.CeleryEmailBackend"
EMAIL_DELIVERY_BACKEND = env_str(
    "EMAIL_DELIVERY_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Without it a mail server that stops answering holds a worker until the task's hard limit.
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "AlmenLæring <noreply@almenlaering.dk>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Auth and accounts ----------------------------------------------------------------------
AUTH_USER_MODEL = "organisations.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# After login each person lands on their start page (Min side); a ``next`` still wins.
LOGIN_REDIRECT_URL = "min_side"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "organisations.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# People join through invitations whose link proves the address; nobody signs up openly.
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "AlmenLæring: "
# Failed logins: at most 5 per address in 5 minutes and 10 per minute from one IP address.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "AlmenLæring"
# The code forms say when a code was already used, rather than only "wrong code".
MFA_FORMS = {
    "authenticate": "organisations.forms.TwoFactorAuthenticateForm",
    "reauthenticate": "organisations.forms.TwoFactorReauthenticateForm",
}
# The login page asks for the e-mail address first: a domain with single sign-on goes to its
# organisation's identity provider, any other to the password (organisations.sso.forms).
ACCOUNT_FORMS = {"login": "organisations.sso.forms.LoginForm"}
# Single sign-on (OpenID Connect): each organisation's identity provider is its row of
# organisations.IdentityProvider, which the adapter turns into an allauth app on the fly (no
# SocialApp rows). The adapter links a first login to the person with the provider's verified
# address, or creates one, for the provider's own e-mail domains only; no signup form.
SOCIALACCOUNT_ADAPTER = "organisations.adapters.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_STORE_TOKENS = False  # the provider's tokens are not needed after the login
SOCIALACCOUNT_REQUESTS_TIMEOUT = 5
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True}}
# The ID token's amr values (RFC 8176, and Entra ID's "ngcmfa") that count as a second factor,
# when the organisation trusts its provider's (IdentityProvider.trust_idp_mfa): several
# factors (mfa, mca), a one-time code (otp), a hardware or software key (hwk, swk), a smart card
# (sc) or biometrics (fpt, face, iris, retina). Not a password or PIN alone, nor sms or tel.
LMS_SSO_SECOND_FACTOR_AMR = (
    "mfa", "mca", "otp", "hwk", "swk", "sc", "fpt", "face", "iris", "retina", "ngcmfa",
)  # fmt: skip
# An issuer must be https://; http:// is allowed on the loopback only with DEBUG or this
# setting (the tests' local identity provider).
LMS_SSO_ALLOW_LOOPBACK_HTTP = False
# Seconds the admin waits for an issuer's discovery document before it says it does not answer.
LMS_SSO_DISCOVERY_TIMEOUT = 5
# Every privileged role: a holder may not enter any view (the Wagtail admin included) without
# two-factor set up. Managers and project leaders see colleagues' data and decide for others too.
LMS_TWO_FACTOR_ROLES = ("manager", "hr", "project_leader", "provider_editor", "network_editor")
# The only views a holder of those roles (or a superuser) may open before setting up TOTP; the
# two-factor gate (organisations.middleware) sends them from every other view to the setup. A new
# view is gated until it is named here: keep this list the one place that decides.
LMS_TWO_FACTOR_EXEMPT_VIEWS = (
    # Logging in and out, passwords, and the two-factor setup itself (allauth)
    "account_login",
    "account_logout",
    "account_inactive",
    "account_signup",
    "account_reauthenticate",
    "account_confirm_login_code",
    "account_change_password",
    "account_set_password",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "mfa_index",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    # Single sign-on: the e-mail step's button, allauth's provider login and callback, and
    # its error and cancel pages (a person logged in without TOTP may log in again with it)
    "sso_start",
    "openid_connect_login",
    "openid_connect_callback",
    "socialaccount_login_cancelled",
    "socialaccount_login_error",
    # Public pages: language, Wagtail's pages (private ones ask for their own login), the guide
    # catalogue, search, certificate verification and the calendar feed opened by its token
    "set_language",
    "wagtail_serve",
    "wagtailcore_authenticate_with_password",
    "guide_list",
    "guide_detail",
    "cms:search",
    "certificate_public",
    "calendar_feed",
    "favicon",
    # Wagtail's images (public by design; core.media answers 404 for everything else)
    "public_media",
    # The REST API: it authenticates only by API token, never by the session the gate looks
    # at, so a browser's login has no bearing on it. HR's token pages (api_tokens) stay gated.
    "api:*",
)

# --- REST API (/api/v1/) --------------------------------------------------------------------
# Only API tokens authenticate (no sessions, so no CSRF); JSON in and out (the browsable
# renderer would need session login and inline scripts, which the CSP refuses: the Swagger page
# at /api/v1/docs/ is the human view). Rates: per token, and per IP address without one.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "api.permissions.HasTokenScope",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ApiCursorPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.TokenRateThrottle",
        "api.throttling.AnonymousRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "token": env_str("API_RATE_PER_TOKEN", "1200/minute"),
        "anonymous": env_str("API_RATE_ANONYMOUS", "120/minute"),
    },
    "EXCEPTION_HANDLER": "api.exceptions.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "AlmenLæring API",
    "DESCRIPTION": (
        "AlmenLærings REST API, version 1. Det offentlige kursuskatalog (vejledninger, kurser, "
        "hold med ledige pladser) kræver ingen nøgle. Organisationens egne data (personer, "
        "afdelinger, funktioner, tilmeldinger, beviser, kompetencer) kræver en API-nøgle, som "
        "HR opretter under Organisation → API-nøgler, sendt som »Authorization: Bearer "
        "<nøgle>«. Lister pagineres med en markør (cursor) og kan filtreres med updated_since."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PUBLIC": True,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    # The schema browser's files come from the drf-spectacular-sidecar package (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Deep links put a link inside each operation's button (nested interactive content, which
    # screen readers cannot reach: WCAG 4.1.2); the page works the same without them.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["api.schema.only_api_v1"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {"TokenScopeEnum": "api.models.TokenScope"},
}

# --- Personal data ------------------------------------------------------------------------
# The privacy registry (core.privacy) must classify every field of these apps' models, and of
# the library models listed below that hold data about people.
LMS_PRIVACY_APPS = (
    "core",
    "mail",
    "organisations",
    "competencies",
    "tools",
    "courses",
    "onsite",
    "processes",
    "rooms",
    "events",
    "newsletter",
    "api",
    "cms",
    "privacy",
)
LMS_PRIVACY_LIBRARY_MODELS = (
    "account.EmailAddress",
    "mfa.Authenticator",
    "socialaccount.SocialAccount",
    "sessions.Session",
    "wagtailcore.Page",
    "wagtailcore.Revision",
    "wagtailcore.ModelLogEntry",
    "wagtailcore.PageLogEntry",
    "wagtailcore.PageSubscription",
    "wagtailcore.Comment",
    "wagtailcore.CommentReply",
    "wagtailcore.WorkflowState",
    "wagtailcore.TaskState",
    "wagtailusers.UserProfile",
    "wagtailimages.Image",
    "wagtaildocs.Document",
    "wagtailsearch.IndexEntry",
    "admin.LogEntry",
)

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
# Danish dates with "kl. 05.38"; the site's formats are described in core/formats.py.
FORMAT_MODULE_PATH = ["lms.formats"]
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Media on the local disk under MEDIA_ROOT (private files under MEDIA_ROOT/private/), or, with
# MEDIA_S3_BUCKET, both storages in an S3-compatible bucket (lms.storage_config).
STORAGES = storages_config(
    media_root=MEDIA_ROOT,
    s3=s3_settings(
        bucket=env_optional("MEDIA_S3_BUCKET"),
        endpoint_url=env_optional("MEDIA_S3_ENDPOINT_URL"),
        access_key_id=env_optional("MEDIA_S3_ACCESS_KEY_ID"),
        secret_access_key=env_optional("MEDIA_S3_SECRET_ACCESS_KEY"),
        region=env_optional("MEDIA_S3_REGION"),
    ),
)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# One upload policy per kind, for every upload (evidence, log entries, Wagtail's images and
# documents), checked by content in ``core.uploads`` before anything is decoded. 40 megapixels
# is a 7800×5200 camera photo; decoding one takes about 160 MB, the most one request may cost.
UPLOAD_IMAGE_MAX_BYTES = 15 * 1024 * 1024
UPLOAD_IMAGE_MAX_PIXELS = 40_000_000
UPLOAD_DOCUMENT_MAX_BYTES = 25 * 1024 * 1024
FORMS_URLFIELD_ASSUME_HTTPS = True

# --- Front end ------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Newsletter -----------------------------------------------------------------------------
# The newsletter sits below the site's pages (cms) in the layers, so the page type an issue's
# news items are chosen from is named here, by the configuration, not in the newsletter's code.
NEWSLETTER_NEWS_PAGE_TYPE = "cms.NewsPage"
# Deliveries one batch task turns into outbox e-mails before it commits and enqueues the next.
NEWSLETTER_BATCH_SIZE = 500

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "AlmenLæring"
# Page slugs are ASCII, with æ, ø, å written out as ae, oe, aa (core.slugs); the admin's
# auto-slug follows the same rule through core.slugs.DanishSlugInput.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# The site's public address for links made outside a request (e-mails from a worker, calendar
# files, certificates); in a request the request's own address is used (core.site_url).
# WAGTAILADMIN_BASE_URL is its older name, still read when LMS_BASE_URL is unset.
LMS_BASE_URL = checked_base_url(
    "LMS_BASE_URL",
    env_str("LMS_BASE_URL", env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")),
)
WAGTAILADMIN_BASE_URL = LMS_BASE_URL
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # On PostgreSQL the backend uses full-text search; Danish stemming finds "kurser" for
        # "kursus". SQLite ignores the setting.
        "SEARCH_CONFIG": "danish",
    }
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "txt", "csv"]
# Wagtail's uploads pass the same check as ours (core.wagtail_forms), with the same limits.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.wagtail_forms.DocumentForm"
WAGTAILDOCS_MAX_UPLOAD_SIZE = UPLOAD_DOCUMENT_MAX_BYTES
# Always through Wagtail's view, which applies collection privacy; never a redirect to a
# storage URL that anyone could pass on.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.wagtail_forms.ImageForm"
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif", "avif"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = UPLOAD_IMAGE_MAX_BYTES
WAGTAILIMAGES_MAX_IMAGE_PIXELS = UPLOAD_IMAGE_MAX_PIXELS
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No third-party requests from any page, the admin included: no Gravatar avatars.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_LOGIN_URL = "/konto/login/"
# One password flow, allauth's (/konto/password/…, rate-limited): no password change on
# Wagtail's account page; its login and reset URLs only redirect (organisations.account_urls).
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_FRONTEND_LOGIN_URL = "/konto/login/"

# --- Security that holds everywhere ---------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# One console handler; every record gets the request (or task) id. LOG_FORMAT=json writes one
# JSON object per line (the production default), text is for reading by eye (core.ops.logs).
LOG_FORMAT = checked_choice("LOG_FORMAT", env_str("LOG_FORMAT", "text"), ("text", "json"))
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.ops.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"()": "core.ops.logs.TextFormatter"},
        "json": {"()": "core.ops.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Wagtail logs every page save and django-tasks every search-index task at INFO.
    "loggers": {
        # Celery's "Task … succeeded: <return value>" (lms.task's line replaces it); its
        # failures with their tracebacks are ERROR and still logged.
        "celery.app.trace": {"level": "WARNING"},
        # Its 4xx lines ("Not Found: /path") repeat lms.request's line with the raw path, which
        # may hold a token; 5xx errors with their tracebacks are ERROR and still logged.
        "django.request": {"level": "ERROR"},
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
if CELERY_TASK_ALWAYS_EAGER:
    # Eager tasks still make Celery build a broker connection it never opens; kombu then warns
    # "No hostname was supplied. Reverting to default 'localhost'" on the first task.
    LOGGING["loggers"]["kombu.connection"] = {"level": "ERROR"}
