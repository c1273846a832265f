"""Our single sign-on pages under /konto/ (allauth's own are at /konto/oidc/…)."""

from django.urls import path

from organisations.sso import views

urlpatterns = [
    path("sso/<str:provider_id>/", views.start, name="sso_start"),
]
