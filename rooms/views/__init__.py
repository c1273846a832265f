"""Views of the project web, one module per part; each keeps its own ``urlpatterns``."""
