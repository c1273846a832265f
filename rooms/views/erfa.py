"""Views of the project web: erfa (issue 14)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
