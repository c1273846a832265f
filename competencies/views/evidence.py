"""Placeholder until this area's views land; see competencies/urls.py."""

urlpatterns: list = []
