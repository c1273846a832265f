from django.urls import path

from privacy import audit_views, consent_views

app_name = "audit"

urlpatterns = [
    path("", audit_views.index, name="index"),
    path("<int:org_pk>/", audit_views.log, name="log"),
    path("<int:org_pk>/xlsx/", audit_views.log_export, name="log_export"),
    path("samtykke/traek-tilbage/", consent_views.withdraw, name="consent_withdraw"),
]
