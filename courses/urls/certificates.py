"""Certificate URLs, mounted at /bevis/ (the address printed on every certificate)."""

from django.urls import path

from courses.views import certificates, certificates_bulk

urlpatterns = [
    # Many at once, as one ZIP built in the background (core.jobs); ahead of the codes.
    path(
        "samlet/hold/<int:pk>/", certificates_bulk.session_certificates, name="certificates_session"
    ),
    path(
        "samlet/organisation/<int:org_pk>/",
        certificates_bulk.organisation_certificates,
        name="certificates_organisation",
    ),
    path("<str:code>/", certificates.certificate_public, name="certificate_public"),
    path("<str:code>/pdf/", certificates.certificate_pdf, name="certificate_pdf"),
    path("<str:code>/tilbagekald/", certificates.certificate_revoke, name="certificate_revoke"),
]
