"""The sessions (hold) listing, its add, edit, delete, inspect, history and usage views, and
the viewset that routes them together with the participant pages.

Every view loads its session through ``courses.access`` (``sessions_for``), so another
provider's session answers 404 exactly like one that does not exist. Writes go through
``courses.services`` so that capacity, waitlist and calendar rules live in one place.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.menus import MenuItem as ListMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log

from core.views import service_refusal
from courses import access, exports, selectors, services
from courses.admin.actions import EnrolmentCancelView, EnrolmentNotPassedView, SessionCancelView
from courses.admin.base import participants_url
from courses.admin.filters import SessionFilterSet
from courses.admin.forms import FORM_FIELDS, SessionForm, session_panels
from courses.admin.participants import AttendanceView, ParticipantsView
from courses.admin.trials import trial_url, trial_urlpatterns
from courses.models import CourseSession, SessionStatus
from courses.permissions import no_model_permissions
from organisations.access import me


class ServiceSaveMixin:
    """Save through the services; their ValidationErrors go beside the field."""

    def form_valid(self, form: BaseForm) -> HttpResponse:
        with service_refusal(form) as refused:
            response: HttpResponse = super().form_valid(form)  # type: ignore[misc]
        if not refused:
            return response
        self.produced_error_message = self.get_error_message()  # type: ignore[attr-defined]
        invalid: HttpResponse = self.form_invalid(form)  # type: ignore[attr-defined]
        return invalid


class SessionCreateView(ServiceSaveMixin, generic.CreateView):
    def save_instance(self) -> CourseSession:
        data = self.form.service_fields()
        actor = me(self.request)
        session = services.session_create(
            course=self.form.cleaned_data["course"], actor=actor, **data
        )
        log(session, "wagtail.create", user=actor)
        return session


class ScopedObjectMixin:
    """Edit and delete load the session through the editor's scope."""

    request: HttpRequest

    def get_queryset(self) -> QuerySet[CourseSession]:
        return access.sessions_for(self.request.user)


class ScopedListingObjectMixin:
    """History and usage list other rows; only their session is loaded through the scope."""

    request: HttpRequest

    def get_base_object_queryset(self) -> QuerySet[CourseSession]:
        return access.sessions_for(self.request.user)


class SessionEditView(ServiceSaveMixin, ScopedObjectMixin, generic.EditView):
    def save_instance(self) -> CourseSession:
        actor = me(self.request)
        session = services.session_update(
            session=self.object, actor=actor, **self.form.service_fields()
        )
        log(session, "wagtail.edit", user=actor)
        return session

    @cached_property
    def header_more_buttons(self) -> list[Button]:
        buttons = [
            Button(_("Deltagere"), url=participants_url(self.object), icon_name="group"),
        ]
        if self.object.is_trial:
            buttons.append(Button(_("Prøvehold"), url=trial_url(self.object.pk), icon_name="pick"))
        if self.object.status != SessionStatus.CANCELLED:
            url = reverse("hold:cancel", args=[self.object.pk])
            buttons.append(Button(_("Aflys hold"), url=url, icon_name="cross", priority=15))
        more: list[Button] = super().header_more_buttons
        return buttons + more


class SessionDeleteView(ScopedObjectMixin, generic.DeleteView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.session_actions_for(request.user, self.object).can_delete:
            messages.error(
                request, _("Holdet har tilmeldinger og kan ikke slettes. Aflys det i stedet.")
            )
            return HttpResponseRedirect(reverse("hold:edit", args=[self.object.pk]))
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return response


class SessionInspectView(generic.InspectView):
    def get_object(self, queryset: QuerySet[CourseSession] | None = None) -> CourseSession:
        return access.get_session_for(self.request.user, self.pk)


class SessionHistoryView(ScopedListingObjectMixin, HistoryView):
    pass


class SessionUsageView(ScopedListingObjectMixin, UsageView):
    pass


class SessionIndexView(generic.IndexView):
    # The table in its own scroll box: on a phone the seat columns are cut off otherwise.
    results_template_name = "courses/admin/sessions/index_results.html"

    def get_base_queryset(self) -> QuerySet[CourseSession]:
        queryset: QuerySet[CourseSession] = self.queryset(self.request)  # the viewset's
        return queryset

    def get_list_more_buttons(self, instance: CourseSession) -> list[ListMenuItem]:
        trial = [
            ListMenuItem(_("Prøvehold"), url=trial_url(instance.pk), icon_name="pick", priority=6)
        ]
        return [
            ListMenuItem(
                _("Deltagere"), url=participants_url(instance), icon_name="group", priority=5
            ),
            *(trial if instance.is_trial else []),
            *super().get_list_more_buttons(instance),
        ]


class CourseSessionViewSet(ModelViewSet):
    model = CourseSession
    name = "hold"
    icon = "date"
    menu_label = gettext_lazy("Hold")
    index_view_class = SessionIndexView
    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    delete_view_class = SessionDeleteView
    inspect_view_class = SessionInspectView
    history_view_class = SessionHistoryView
    usage_view_class = SessionUsageView
    copy_view_enabled = False
    inspect_view_enabled = True
    # Saving a session must not touch the reference index: the services' query counts stay put.
    add_to_reference_index = False
    edit_handler = ObjectList(session_panels, base_form_class=SessionForm)
    ordering = "starts_at"
    list_display = [
        "course",
        "starts_at",
        Column("place", label=gettext_lazy("Sted")),
        "region",
        "capacity",
        Column("booked_count", label=gettext_lazy("Booket"), sort_key="booked_count"),
        Column(
            "pending_count", label=gettext_lazy("Afventer godkendelse"), sort_key="pending_count"
        ),
        Column("waitlist_count", label=gettext_lazy("Venteliste"), sort_key="waitlist_count"),
        "status",
    ]
    filterset_class = SessionFilterSet
    search_fields = ["course__title", "city", "teachers"]
    list_export = exports.SESSION_COLUMNS
    export_headings = exports.SESSION_HEADINGS
    export_filename = exports.SESSIONS_FILENAME
    inspect_view_fields = ["course", "provider", *FORM_FIELDS[1:]]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CourseSession]:
        """The listing: the editor's sessions with seat and request counts, in one query."""
        return selectors.managed_sessions(request.user)

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        view_kwargs: dict[str, Any] = super().get_index_view_kwargs(
            queryset=self.get_queryset, **kwargs
        )
        return view_kwargs

    def get_permissions_to_register(self) -> QuerySet[Permission]:
        return no_model_permissions()

    def get_urlpatterns(self) -> list[URLPattern]:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/deltagere/", ParticipantsView.as_view(), name="participants"),
            path(
                "<int:pk>/deltagere/resultater/",
                ParticipantsView.as_view(results_only=True),
                name="participants_results",
            ),
            path("<int:pk>/fremmoede/", AttendanceView.as_view(), name="attendance"),
            path("<int:pk>/aflys/", SessionCancelView.as_view(), name="cancel"),
            path(
                "<int:pk>/deltagere/<int:enrolment_pk>/afmeld/",
                EnrolmentCancelView.as_view(),
                name="enrolment_cancel",
            ),
            path(
                "<int:pk>/deltagere/<int:enrolment_pk>/ikke-bestaaet/",
                EnrolmentNotPassedView.as_view(),
                name="enrolment_not_passed",
            ),
            *trial_urlpatterns(),
        ]
