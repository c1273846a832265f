"""HR's pages for the organisation's API tokens (/organisationer/<pk>/api-noegler/)."""

from django.urls import path

from api import views

app_name = "api_tokens"

urlpatterns = [
    path("", views.token_list, name="list"),
    path("<int:token_pk>/tilbagekald/", views.token_revoke, name="revoke"),
]
