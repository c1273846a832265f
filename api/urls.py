"""/api/v1/: the router with every resource, the OpenAPI schema and its documentation page."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import APIRootView, DefaultRouter

from api import routes
from api.learning import routes as learning_routes
from api.throttling import AnonymousRateThrottle

app_name = "api"


class ApiRootView(APIRootView):
    """The list of resources: public, like the schema that describes them."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (AnonymousRateThrottle,)


def not_found(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"detail": _("Adressen findes ikke i API'et.")}, status=404)


class ApiRouter(DefaultRouter):
    APIRootView = ApiRootView
    # JSON only: no /people.json twins of every route.
    include_format_suffixes = False


router = ApiRouter()
routes.register(router)
learning_routes.register(router)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view loads its start-up script from a URL rather than inline, so the site's
    # Content-Security-Policy (scripts from our own origin only) holds on this page too.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("", include(router.urls)),
    # Any other address under /api/v1/ is the API's JSON 404, not the site's HTML page.
    re_path(r"^.*$", not_found, name="not_found"),
]
