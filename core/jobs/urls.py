"""Export jobs' pages, mounted at /eksporter/ by ``lms.urls``."""

from django.urls import path

from core.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<uuid:uuid>/", views.job_detail, name="detail"),
    path("<uuid:uuid>/status/", views.job_status, name="status"),
    path("<uuid:uuid>/hent/", views.job_download, name="download"),
]
