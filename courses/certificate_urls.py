"""Certificate URLs, mounted at /bevis/ (the address printed on every certificate)."""

from django.urls import path

from courses import certificate_views as views

urlpatterns = [
    path("<str:code>/", views.certificate_public, name="certificate_public"),
    path("<str:code>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("<str:code>/tilbagekald/", views.certificate_revoke, name="certificate_revoke"),
]
