from django.conf import settings
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms import media
from organisations import account_urls

urlpatterns = [
    # One login path: Wagtail's own login and password-reset forms only redirect to allauth's,
    # which ask for the second factor and apply the rate limits. Ahead of wagtail's URLs.
    path("", include(account_urls.entry_point_redirects)),
    path("admin/", include(wagtailadmin_urls)),
    path("dokumenter/", include(wagtaildocs_urls)),
    path("konto/", include("organisations.account_urls")),
    path("konto/", include("allauth.urls")),
    path("organisationer/", include("organisations.urls")),
    path("sprog/", set_language, name="set_language"),
    path("bevis/", include("courses.certificate_urls")),
    path("mine-data/", include("privacy.urls")),
    path("sletning/", include("privacy.erasure_urls")),
    path("persondatalog/", include("privacy.audit_urls")),
    path("kalender/", include("courses.calendar_urls")),
    path("", include("courses.urls")),
    path("", include("competencies.urls")),
    path("", include("onsite.urls")),
    path("", include("cms.urls")),
]

if settings.DEBUG:
    # Only Wagtail's images; static(MEDIA_URL, ...) would serve MEDIA_ROOT/private/ to anyone.
    urlpatterns += media.debug_urlpatterns()

# Wagtail's page serving catches everything else, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]
