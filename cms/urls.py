from django.urls import path

from cms import views

app_name = "cms"

urlpatterns = [
    path("soeg/", views.search, name="search"),
]
