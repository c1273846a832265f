"""Views of the project web: members (issue 14)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
