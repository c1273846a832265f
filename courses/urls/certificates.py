"""Certificate URLs, mounted at /bevis/ (the address printed on every certificate)."""

from django.urls import path

from courses.views import certificates

urlpatterns = [
    path("<str:code>/", certificates.certificate_public, name="certificate_public"),
    path("<str:code>/pdf/", certificates.certificate_pdf, name="certificate_pdf"),
    path("<str:code>/tilbagekald/", certificates.certificate_revoke, name="certificate_revoke"),
]
