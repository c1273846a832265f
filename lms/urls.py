from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import overview
from core import media
from lms import perf_views
from organisations import account_urls


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """/favicon.ico, which browsers and feed readers ask for whatever the page says: our SVG.

    A temporary redirect: the static file's name carries a hash in production, and a browser
    must not keep a permanent redirect to a name the next release removes.
    """
    return HttpResponseRedirect(static("img/favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    # The load profile's bare view (tests/perf/run_profile.py): only with LMS_PERF_BARE_VIEW.
    *perf_views.urlpatterns(settings.LMS_PERF_BARE_VIEW),
    # One login path: Wagtail's own login and password-reset forms only redirect to allauth's,
    # which ask for the second factor and apply the rate limits. Ahead of wagtail's URLs.
    path("", include(account_urls.entry_point_redirects)),
    path("admin/", include(wagtailadmin_urls)),
    path("dokumenter/", include(wagtaildocs_urls)),
    path("konto/", include("organisations.account_urls")),
    path("konto/", include("organisations.sso.urls")),
    path("konto/", include("allauth.urls")),
    # The REST API (token authenticated) and HR's pages for its tokens.
    path("api/v1/", include("api.urls")),
    path("organisationer/<int:organisation_pk>/api-noegler/", include("api.token_urls")),
    path("organisationer/", include("organisations.urls")),
    path("sprog/", set_language, name="set_language"),
    # Open Badges: /.well-known/jwks.json and the credential documents under /bevis/.
    path("", include("courses.urls.badges")),
    path("bevis/", include("courses.urls.certificates")),
    path("mine-data/", include("privacy.urls")),
    # Exports built in the background (core.jobs): progress, download, "Mine eksporter".
    path("eksporter/", include("core.jobs.urls")),
    path("sletning/", include("privacy.erasure_urls")),
    path("persondatalog/", include("privacy.audit_urls")),
    path("kalender/", include("courses.urls.calendar")),
    # The personal start page composes every app's panels, so it belongs to no single app.
    path("min-side/", overview.start_page, name="min_side"),
    path("", include("courses.urls.site")),
    path("", include("competencies.urls")),
    path("", include("onsite.urls")),
    path("", include("processes.urls")),
    path("rum/", include("rooms.urls")),
    path("nyhedsbrev/", include("newsletter.urls")),
    path("arrangementer-tilmelding/", include("events.urls")),
    path("", include("cms.urls")),
]

# Only Wagtail's images, streamed from the media storage (the local disk or a private bucket),
# in production too; static(MEDIA_URL, ...) would serve MEDIA_ROOT/private/ to anyone.
urlpatterns += media.urlpatterns()

# Wagtail's page serving catches everything else, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]
