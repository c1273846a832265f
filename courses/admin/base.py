"""What the session pages of the back office share: the session in the editor's scope."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from courses import access, selectors
from courses.models import CourseSession
from organisations.access import me
from organisations.models import User


def participants_url(session: CourseSession) -> str:
    return reverse("hold:participants", args=[session.pk])


class SessionMixin:
    """Loads ``self.session`` through the editor's scope (404 for another provider's)."""

    request: HttpRequest
    # With its seat and request counts (``with_counts``), in the same one query.
    load_counts = False

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)  # type: ignore[misc]
        if self.load_counts:
            self.session = selectors.get_session_with_counts_for(request.user, kwargs["pk"])
        else:
            self.session = access.get_session_for(request.user, kwargs["pk"])

    @property
    def actor(self) -> User:
        return me(self.request)  # the admin: always logged in

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [
            *WagtailAdminTemplateMixin.breadcrumbs_items,
            {"url": reverse("hold:index"), "label": _("Hold")},
            {"url": participants_url(self.session), "label": str(self.session)},
            {"url": "", "label": self.get_page_title()},  # type: ignore[attr-defined]
        ]
