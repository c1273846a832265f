"""Placeholder until this area's views land; see onsite/urls.py."""

urlpatterns: list = []
