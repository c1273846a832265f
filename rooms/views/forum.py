"""Views of the project web: forum (issue 14)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
