"""Views of the project web: rooms (issue 14)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
