"""Views of the project web: documents (issue 14)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
