"""Views of the project web: votes (issue 14)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
