"""Open Badges URLs, mounted at the site root: the key set sits where OB 3.0's implementation
guide tells verifiers to look (``/.well-known/jwks.json``), everything else under /bevis/
beside the certificates. These URLs are signed into credentials: never rename them.
"""

from django.urls import path

from courses.views import badges

urlpatterns = [
    path(".well-known/jwks.json", badges.jwks, name="badge_jwks"),
    path("bevis/noegler/<slug:kid>.json", badges.key, name="badge_key"),
    path("bevis/udsteder/<int:pk>/", badges.issuer, name="badge_issuer"),
    path(
        "bevis/udsteder/<int:pk>/status/<int:number>/",
        badges.status_list,
        name="badge_status_list",
    ),
    path("bevis/kursus/<int:pk>/", badges.achievement, name="badge_achievement"),
    path("bevis/bekraeft/", badges.check, name="badge_check"),
    path("bevis/<str:code>/open-badge.jwt", badges.credential, name="certificate_badge"),
]
