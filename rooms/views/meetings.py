"""Views of the project web: meetings (issue 14)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
