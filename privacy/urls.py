from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.my_data, name="my_data"),
    path("udtraek/", views.export_create, name="export_create"),
    path("udtraek/<int:pk>/status/", views.export_status, name="export_status"),
    path("udtraek/<int:pk>/hent/", views.export_download, name="export_download"),
    path("person/<int:user_id>/", views.person_export, name="person_export"),
]
