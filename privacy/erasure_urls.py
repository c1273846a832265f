from django.urls import path

from privacy import erasure_views as views

app_name = "erasure"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("anmod/", views.request_create, name="request"),
    path("<int:pk>/", views.decide, name="decide"),
    path("<int:pk>/annuller/", views.request_cancel, name="cancel"),
]
