"""The providers' back office for sessions (hold): listing, editing, participants, attendance,
cancellation and evaluation results.

Who may use it is decided by our roles, not by Django model permissions: a provider editor
manages the sessions of the providers where they hold that role, a network editor all of them.
Every view loads its session through ``sessions_for`` (``get_session_for_editor``), so another
provider's session answers 404 exactly like one that does not exist. Writes go through
``courses.services`` so that capacity, waitlist and calendar rules live in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import django_filters  # type: ignore[import-untyped]
from django import forms
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db.models import Avg, Count, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Length, RowNumber, Substr
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem as ListMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.log_actions import log
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from core.safety import int_or_none
from courses import services
from courses.models import (
    CoursePage,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    Evaluation,
    ProviderSectionPage,
    Region,
    SessionStatus,
)
from courses.models.enrolments import CourseSessionQuerySet
from courses.selectors import PENDING_STATUSES, STEPLEN, session_participants
from courses.services.enrolments import CANCELLABLE
from organisations import access
from organisations.models import Membership, Organisation, OrganisationKind, Role, User

if TYPE_CHECKING:
    from organisations.access import AnyUser

S = EnrolmentStatus
MARKABLE = (S.BOOKED, S.ATTENDED, S.NO_SHOW)

# --- Access: which sessions and courses an editor may manage ------------------------------


def _editor_provider_ids(user: User) -> QuerySet[Membership, Any]:
    """The providers where the person is an editor, as a subquery (no query of its own)."""
    return (
        Membership.objects.active()
        .with_role(Role.PROVIDER_EDITOR)
        .filter(user=user)
        .values("organisation_id")
    )


def can_manage_sessions(user: AnyUser) -> bool:
    """Provider editors (of any provider) and network editors use the sessions admin."""
    return access.is_network_editor(user) or access.has_role(user, Role.PROVIDER_EDITOR)


def can_manage_provider(user: AnyUser, provider_id: int) -> bool:
    return access.is_network_editor(user) or access.has_role(
        user, Role.PROVIDER_EDITOR, provider_id
    )


def sessions_for(user: AnyUser) -> CourseSessionQuerySet:
    """Sessions the person manages: their providers'; all of them for network editors."""
    sessions = CourseSession.objects.select_related("course", "provider")
    if not user.is_authenticated:
        return sessions.none()
    if access.is_network_editor(user):
        return sessions
    return sessions.filter(provider_id__in=_editor_provider_ids(user))


def with_counts(sessions: CourseSessionQuerySet) -> CourseSessionQuerySet:
    """Seats (``booked_count``, ``waitlist_count``, ``seats_left``) and ``pending_count``: the
    requests the learners' organisations have not decided yet. They hold no seat, but a
    provider who sees only "Booket 0" does not know that people are on their way; one query."""
    return sessions.with_seats().annotate(
        pending_count=Count("enrolments", filter=Q(enrolments__status__in=PENDING_STATUSES))
    )


def get_session_for_editor(user: AnyUser, pk: int) -> CourseSession:
    """A session the person manages; 404 for every other."""
    return get_object_or_404(sessions_for(user), pk=pk)


def _section_of_course(field: str = "path") -> QuerySet[ProviderSectionPage]:
    # A course's parent is always a provider section, whose path is the course's minus one step.
    parent_path = Substr(OuterRef(field), 1, Length(OuterRef(field)) - STEPLEN)
    return ProviderSectionPage.objects.filter(path=parent_path)


def courses_for(user: AnyUser) -> QuerySet[CoursePage]:
    """Courses (live or draft) the person may plan sessions for, with their provider's name."""
    sections = _section_of_course()
    courses = CoursePage.objects.annotate(
        section_provider_id=Subquery(sections.values("provider_id")[:1]),
        provider_name=Subquery(sections.values("provider__name")[:1]),
    ).order_by("title")
    if not user.is_authenticated:
        return courses.none()
    if access.is_network_editor(user):
        return courses
    return courses.filter(section_provider_id__in=_editor_provider_ids(user))


class SessionPermissionPolicy(BasePermissionPolicy):
    """Provider editors add, change, view and delete their providers' sessions; network
    editors every session. A session with enrolments is cancelled, never deleted."""

    actions = frozenset({"add", "change", "view", "delete"})

    def user_has_permission(self, user, action):  # type: ignore[no-untyped-def]
        return action in self.actions and can_manage_sessions(user)

    def user_has_any_permission(self, user, actions):  # type: ignore[no-untyped-def]
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):  # type: ignore[no-untyped-def]
        if action not in self.actions or not can_manage_provider(user, instance.provider_id):
            return False
        return action != "delete" or not instance.enrolments.exists()

    def instances_user_has_any_permission_for(self, user, actions):  # type: ignore[no-untyped-def]
        if not set(actions) & self.actions:
            return CourseSession.objects.none()
        return sessions_for(user)

    def users_with_any_permission(self, actions):  # type: ignore[no-untyped-def]
        if not set(actions) & self.actions:
            return User.objects.none()
        editors = Membership.objects.active().with_any_role(
            [Role.PROVIDER_EDITOR, Role.NETWORK_EDITOR]
        )
        return User.objects.filter(is_active=True, pk__in=editors.values("user_id")) | (
            User.objects.filter(is_active=True, is_superuser=True)
        )


session_permission_policy = SessionPermissionPolicy(CourseSession)
register_permission_policy(CourseSession, session_permission_policy)

# --- The create and edit form ----------------------------------------------------------------

FORM_FIELDS = [
    "course",
    "starts_at",
    "ends_at",
    "online",
    "online_url",
    "address",
    "postcode",
    "city",
    "region",
    "capacity",
    "price",
    "registration_deadline",
    "cancellation_deadline",
    "language",
    "teachers",
    "status",
]
# An editor chooses among these; "full" follows the seats and "cancelled" is its own action.
EDITABLE_STATUSES = (SessionStatus.PLANNED, SessionStatus.OPEN, SessionStatus.HELD)


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CoursePage) -> str:
        provider = getattr(obj, "provider_name", "")
        return f"{obj.title} ({provider})" if provider else obj.title


class SessionForm(WagtailAdminModelForm):
    """Validates a session; the view saves it through the services."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        course = self.fields["course"]
        self.fields["course"] = CourseChoiceField(
            queryset=courses_for(self.for_user),
            label=course.label,
            widget=forms.Select,
            error_messages={
                "invalid_choice": _(
                    "Vælg et gyldigt valg. Kurset findes ikke blandt de kurser, "
                    "du kan oprette hold for."
                )
            },
        )
        # One clear message for zero or negative capacity (clean_capacity), not Django's own.
        capacity = self.fields["capacity"]
        capacity.validators = [
            v for v in capacity.validators if not isinstance(v, MinValueValidator)
        ]
        capacity.widget.attrs["min"] = 1
        self.fields["price"].widget.attrs["min"] = 0
        status = self.fields["status"]
        choices = [c for c in SessionStatus.choices if c[0] in EDITABLE_STATUSES]
        current = self.instance.status if self.instance.pk else None
        if current and current not in EDITABLE_STATUSES:
            choices.append((current, SessionStatus(current).label))
        status.choices = choices
        if self.instance.pk:
            # Enrolments belong to the course: a session never moves to another course.
            self.fields["course"].disabled = True
            status.disabled = current == SessionStatus.CANCELLED

    def clean_capacity(self) -> int:
        capacity = self.cleaned_data["capacity"]
        if capacity is not None and capacity < 1:
            raise ValidationError(_("Et hold skal have mindst én plads."))
        return capacity

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values to hand to ``session_create`` / ``session_update``."""
        data = {name: self.cleaned_data[name] for name in FORM_FIELDS if name != "course"}
        if self.instance.pk and data["status"] == self.initial.get("status"):
            data.pop("status")  # "full" follows the seats; leave it to the services
        return data


session_panels = [
    FieldPanel("course", widget=forms.Select),
    FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
    MultiFieldPanel(
        [
            FieldPanel("online"),
            FieldPanel("online_url"),
            FieldPanel("address"),
            FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
            FieldPanel("region"),
        ],
        heading=gettext_lazy("Sted"),
    ),
    FieldRowPanel([FieldPanel("capacity"), FieldPanel("price")]),
    FieldRowPanel([FieldPanel("registration_deadline"), FieldPanel("cancellation_deadline")]),
    FieldRowPanel([FieldPanel("language"), FieldPanel("status")]),
    FieldPanel("teachers"),
]

# --- ModelViewSet views ------------------------------------------------------------------------


class ServiceSaveMixin:
    """Save through the services; their ValidationErrors go beside the field."""

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        try:
            return super().form_valid(form)  # type: ignore[misc]
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            self.produced_error_message = self.get_error_message()  # type: ignore[attr-defined]
            return self.form_invalid(form)  # type: ignore[attr-defined]


class SessionCreateView(ServiceSaveMixin, generic.CreateView):
    def save_instance(self) -> CourseSession:
        data = self.form.service_fields()
        session = services.session_create(
            course=self.form.cleaned_data["course"], actor=self.request.user, **data
        )
        log(session, "wagtail.create", user=self.request.user)
        return session


class ScopedObjectMixin:
    """Edit and delete load the session through the editor's scope."""

    def get_queryset(self) -> QuerySet[CourseSession]:
        return sessions_for(self.request.user)  # type: ignore[attr-defined]


class ScopedListingObjectMixin:
    """History and usage list other rows; only their session is loaded through the scope."""

    def get_base_object_queryset(self) -> QuerySet[CourseSession]:
        return sessions_for(self.request.user)  # type: ignore[attr-defined]


class SessionEditView(ServiceSaveMixin, ScopedObjectMixin, generic.EditView):
    def save_instance(self) -> CourseSession:
        session = services.session_update(
            session=self.object, actor=self.request.user, **self.form.service_fields()
        )
        log(session, "wagtail.edit", user=self.request.user)
        return session

    @cached_property
    def header_more_buttons(self) -> list[Button]:
        buttons = [
            Button(_("Deltagere"), url=participants_url(self.object), icon_name="group"),
        ]
        if self.object.status != SessionStatus.CANCELLED:
            url = reverse("hold:cancel", args=[self.object.pk])
            buttons.append(Button(_("Aflys hold"), url=url, icon_name="cross", priority=15))
        return buttons + super().header_more_buttons


class SessionDeleteView(ScopedObjectMixin, generic.DeleteView):
    def dispatch(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.object.enrolments.exists():
            messages.error(
                request, _("Holdet har tilmeldinger og kan ikke slettes. Aflys det i stedet.")
            )
            return HttpResponseRedirect(reverse("hold:edit", args=[self.object.pk]))
        return super().dispatch(request, *args, **kwargs)


class SessionInspectView(generic.InspectView):
    def get_object(self, queryset=None):  # type: ignore[no-untyped-def]
        return get_session_for_editor(self.request.user, self.pk)


class SessionHistoryView(ScopedListingObjectMixin, HistoryView):
    pass


class SessionUsageView(ScopedListingObjectMixin, UsageView):
    pass


class SessionIndexView(generic.IndexView):
    # The table in its own scroll box: on a phone the seat columns are cut off otherwise.
    results_template_name = "courses/admin/sessions/index_results.html"

    def get_base_queryset(self) -> QuerySet[CourseSession]:
        return self.queryset(self.request)  # the viewset's get_queryset(request)

    def get_list_more_buttons(self, instance: CourseSession) -> list[ListMenuItem]:
        return [
            ListMenuItem(
                _("Deltagere"), url=participants_url(instance), icon_name="group", priority=5
            ),
            *super().get_list_more_buttons(instance),
        ]


class SessionFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Kursus"),
        queryset=lambda request: (
            courses_for(request.user) if request else CoursePage.objects.none()
        ),
    )
    provider = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Kursusudbyder"),
        queryset=lambda request: Organisation.objects.filter(kind=OrganisationKind.PROVIDER),
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=SessionStatus.choices
    )
    region = django_filters.ChoiceFilter(label=gettext_lazy("Region"), choices=Region.choices)
    when = django_filters.ChoiceFilter(
        label=gettext_lazy("Tidspunkt"),
        choices=[("upcoming", gettext_lazy("Kommende")), ("past", gettext_lazy("Tidligere"))],
        method="filter_when",
    )

    class Meta:
        model = CourseSession
        fields: list[str] = []  # every filter is declared above

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not (self.request and access.is_network_editor(self.request.user)):
            del self.filters["provider"]

    def filter_when(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        now = timezone.now()
        if value == "upcoming":
            return queryset.filter(starts_at__gte=now)
        if value == "past":
            return queryset.filter(starts_at__lt=now)
        return queryset


def participants_url(session: CourseSession) -> str:
    return reverse("hold:participants", args=[session.pk])


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
    list_export = [
        "course.title",
        "provider.name",
        "starts_at",
        "ends_at",
        "place",
        "get_region_display",
        "capacity",
        "booked_count",
        "pending_count",
        "waitlist_count",
        "price",
        "registration_deadline",
        "cancellation_deadline",
        "get_status_display",
    ]
    export_headings = {
        "course.title": gettext_lazy("Kursus"),
        "provider.name": gettext_lazy("Kursusudbyder"),
        "starts_at": gettext_lazy("Start"),
        "ends_at": gettext_lazy("Slut"),
        "place": gettext_lazy("Sted"),
        "get_region_display": gettext_lazy("Region"),
        "capacity": gettext_lazy("Pladser"),
        "booked_count": gettext_lazy("Booket"),
        "pending_count": gettext_lazy("Afventer godkendelse"),
        "waitlist_count": gettext_lazy("Venteliste"),
        "price": gettext_lazy("Pris (kr.)"),
        "registration_deadline": gettext_lazy("Tilmeldingsfrist"),
        "cancellation_deadline": gettext_lazy("Afmeldingsfrist"),
        "get_status_display": gettext_lazy("Status"),
    }
    export_filename = "hold"
    inspect_view_fields = ["course", "provider", *FORM_FIELDS[1:]]

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        """The listing: the editor's sessions with seat and request counts, in one query."""
        return with_counts(sessions_for(request.user))

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_index_view_kwargs(queryset=self.get_queryset, **kwargs)

    def get_permissions_to_register(self):  # type: ignore[no-untyped-def]
        # Roles decide who manages sessions; there are no group permissions to hand out.
        return Permission.objects.none()

    def get_urlpatterns(self):  # type: ignore[no-untyped-def]
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
        ]


# --- The participant list ---------------------------------------------------------------------


class SessionMixin:
    """Loads ``self.session`` through the editor's scope (404 for another provider's)."""

    # With its seat and request counts (``with_counts``), in the same one query.
    load_counts = False

    def setup(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().setup(request, *args, **kwargs)  # type: ignore[misc]
        sessions = sessions_for(request.user)
        if self.load_counts:
            sessions = with_counts(sessions)
        self.session = get_object_or_404(sessions, pk=kwargs["pk"])

    @property
    def actor(self) -> User:
        return cast(User, self.request.user)  # type: ignore[attr-defined]  # admin: logged in

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [
            *WagtailAdminTemplateMixin.breadcrumbs_items,
            {"url": reverse("hold:index"), "label": _("Hold")},
            {"url": participants_url(self.session), "label": str(self.session)},
            {"url": "", "label": self.get_page_title()},  # type: ignore[attr-defined]
        ]


class TemplateColumn(Column):
    """A column whose cell is one of this module's templates."""

    # The statuses the cells offer actions for, as plain strings for the templates.
    markable = [str(status) for status in MARKABLE]
    cancellable = [str(status) for status in CANCELLABLE]

    def __init__(self, name: str, template: str, **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        self.cell_template_name = f"courses/admin/sessions/{template}"


def _waitlist_position(enrolment: Enrolment) -> int | None:
    # ``status_rank`` is the participant list's window annotation.
    return getattr(enrolment, "status_rank", None) if enrolment.status == S.WAITLISTED else None


class ParticipantFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=[c for c in S.choices if c[0] not in (S.CANCELLED, S.REJECTED)],
    )

    class Meta:
        model = Enrolment
        fields = ["status"]


class ParticipantsView(SessionMixin, SpreadsheetExportMixin, BaseListingView):
    """Name, e-mail, organisation, status and waitlist order, with attendance buttons."""

    template_name = "wagtailadmin/generic/listing.html"
    results_template_name = "courses/admin/sessions/participants_results.html"
    page_title = gettext_lazy("Deltagere")
    header_icon = "group"
    load_counts = True
    # A real hold has tens of participants; pages of 100 keep a huge one (or an export) fast.
    paginate_by = 100
    filterset_class = ParticipantFilterSet
    list_export = ["name", "email", "organisation", "status", "waitlist_position", "created_at"]
    export_headings = {
        "name": gettext_lazy("Navn"),
        "email": gettext_lazy("E-mail"),
        "organisation": gettext_lazy("Organisation"),
        "status": gettext_lazy("Status"),
        "waitlist_position": gettext_lazy("Nr. på venteliste"),
        "created_at": gettext_lazy("Tilmeldt"),
    }
    columns = [
        TemplateColumn("select", "checkbox_cell.html", label="", accessor="pk"),
        Column("name", label=gettext_lazy("Navn"), accessor="user.name"),
        Column("email", label=gettext_lazy("E-mail"), accessor="user.email"),
        Column("organisation", label=gettext_lazy("Organisation"), accessor="organisation"),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        Column("waitlist", label=gettext_lazy("Venteliste"), accessor=_waitlist_position),
        TemplateColumn(
            "actions",
            "actions_cell.html",
            label=gettext_lazy("Fremmøde og handlinger"),
            accessor="pk",
        ),
    ]

    def get_page_subtitle(self) -> str:
        return str(self.session)

    def get_filename(self) -> str:
        local = timezone.localtime(self.session.starts_at)
        return f"deltagere-{self.session.pk}-{local:%Y-%m-%d}"

    def get_base_queryset(self) -> QuerySet[Enrolment]:
        # Numbered within each status; only the waitlist's numbers are shown.
        return session_participants(self.session).annotate(
            status_rank=Window(
                RowNumber(),
                partition_by=[F("status")],
                order_by=[F("waitlisted_at").asc(), F("pk").asc()],
            )
        )

    def get_index_url(self) -> str:
        return participants_url(self.session)

    def get_index_results_url(self) -> str:
        return reverse("hold:participants_results", args=[self.session.pk])

    def to_row_dict(self, item: Enrolment) -> dict[str, Any]:
        return {
            "name": item.user.name,
            "email": item.user.email,
            "organisation": item.organisation.name if item.organisation else "",
            "status": item.get_status_display(),
            "waitlist_position": _waitlist_position(item) or "",
            # The moment itself: core.exports writes it as a date cell in Danish time.
            "created_at": item.created_at,
        }

    @cached_property
    def header_buttons(self) -> list[HeaderButton]:
        buttons = [
            HeaderButton(
                _("Redigér hold"),
                url=reverse("hold:edit", args=[self.session.pk]),
                icon_name="edit",
            )
        ]
        if self.session.status != SessionStatus.CANCELLED:
            url = reverse("hold:cancel", args=[self.session.pk])
            buttons.append(HeaderButton(_("Aflys hold"), url=url, icon_name="cross"))
        return buttons

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        for key in ("_w_filter_fragment", "export", self.page_kwarg):
            params.pop(key, None)
        query = f"?{params.urlencode()}" if params else ""
        context.update(session=self.session, next_url=participants_url(self.session) + query)
        return context

    def render_to_response(self, context, **response_kwargs):  # type: ignore[no-untyped-def]
        if self.is_export:
            return self.as_spreadsheet(context["object_list"], self.request.GET.get("export"))
        return super().render_to_response(context, **response_kwargs)


def _redirect_back(request, session: CourseSession) -> HttpResponseRedirect:  # type: ignore[no-untyped-def]
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = participants_url(session)
    return HttpResponseRedirect(next_url)


class AttendanceView(SessionMixin, TemplateView):
    """Mark attendance for one participant (a row's button) or the checked ones in bulk."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        row = request.POST.get("row", "")
        if row:
            pk, _sep, flag = row.partition(":")
            ids = [pk]
        else:
            ids, flag = request.POST.getlist("enrolment"), request.POST.get("bulk", "")
        if flag not in (S.ATTENDED, S.NO_SHOW):
            raise Http404
        ids = [pk for pk in map(int_or_none, ids) if pk is not None]
        enrolments = list(session_participants(self.session).filter(pk__in=ids))
        if row and not enrolments:
            raise Http404
        if not enrolments:
            messages.warning(request, _("Vælg mindst én deltager."))
            return _redirect_back(request, self.session)
        attended = flag == S.ATTENDED
        marked, refused = self._mark(enrolments, attended)
        if marked:
            label = S.ATTENDED.label if attended else S.NO_SHOW.label
            message = ngettext(
                "%(count)s deltager registreret som %(status)s.",
                "%(count)s deltagere registreret som %(status)s.",
                marked,
            )
            messages.success(request, message % {"count": marked, "status": str(label).lower()})
        for name, error in refused:
            messages.error(request, f"{name}: {error}")
        return _redirect_back(request, self.session)

    def _mark(
        self, enrolments: list[Enrolment], attended: bool
    ) -> tuple[int, list[tuple[str, str]]]:
        marked, refused = 0, []
        for enrolment in enrolments:
            try:
                services.attendance_mark(enrolment=enrolment, attended=attended, actor=self.actor)
            except ValidationError as error:
                refused.append((enrolment.user.name, " ".join(error.messages)))
            else:
                marked += 1
        return marked, refused


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Begrundelse"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": gettext_lazy("Skriv en begrundelse, så deltagerne ved hvorfor.")
        },
    )


class ConfirmActionView(SessionMixin, WagtailAdminTemplateMixin, FormView):
    """A confirmation page with a reason, calling one service."""

    form_class = ReasonForm
    template_name = "courses/admin/sessions/confirm_action.html"
    header_icon = "cross"
    confirm_label: Any = ""

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        try:
            message = self.perform(form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return HttpResponseRedirect(participants_url(self.session))

    def perform(self, reason: str) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            session=self.session,
            intro=self.get_intro(),
            confirm_label=self.confirm_label,
            cancel_url=participants_url(self.session),
        )
        return context

    def get_intro(self) -> str:
        return ""


class SessionCancelView(ConfirmActionView):
    page_title = gettext_lazy("Aflys hold")
    confirm_label = gettext_lazy("Aflys hold")

    def get_intro(self) -> str:
        return _(
            "Alle tilmeldinger til %(session)s afmeldes, og deltagerne får besked med "
            "begrundelsen. Det kan ikke fortrydes."
        ) % {"session": self.session}

    def perform(self, reason: str) -> str:
        if self.session.status == SessionStatus.CANCELLED:
            raise ValidationError(_("Holdet er allerede aflyst."))
        services.session_cancel(session=self.session, actor=self.actor, reason=reason)
        return _("Holdet er aflyst, og deltagerne får besked.")


class EnrolmentActionView(ConfirmActionView):
    def setup(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().setup(request, *args, **kwargs)
        self.enrolment = get_object_or_404(
            session_participants(self.session), pk=kwargs["enrolment_pk"]
        )

    def get_page_subtitle(self) -> str:
        return self.enrolment.user.name


class EnrolmentCancelView(EnrolmentActionView):
    page_title = gettext_lazy("Afmeld deltager")
    confirm_label = gettext_lazy("Afmeld deltager")

    def get_intro(self) -> str:
        return _(
            "%(name)s afmeldes holdet og får besked med begrundelsen. En ledig plads går til "
            "den første på ventelisten."
        ) % {"name": self.enrolment.user.name}

    def perform(self, reason: str) -> str:
        services.enrolment_cancel(enrolment=self.enrolment, actor=self.actor, reason=reason)
        return _("%(name)s er afmeldt.") % {"name": self.enrolment.user.name}


class EnrolmentNotPassedView(EnrolmentActionView):
    page_title = gettext_lazy("Ikke bestået")
    confirm_label = gettext_lazy("Registrér som ikke bestået")

    def get_intro(self) -> str:
        return _("%(name)s registreres som ikke bestået og får ikke kursusbevis.") % {
            "name": self.enrolment.user.name
        }

    def perform(self, reason: str) -> str:
        services.enrolment_mark_not_passed(
            enrolment=self.enrolment, actor=self.actor, reason=reason
        )
        return _("%(name)s er registreret som ikke bestået.") % {"name": self.enrolment.user.name}


# --- Evaluation results ----------------------------------------------------------------------


def evaluations_for(user: AnyUser) -> QuerySet[Evaluation]:
    """Evaluations of the courses the person manages."""
    return Evaluation.objects.filter(enrolment__course__in=courses_for(user).values("pk"))


def evaluation_summary_by_course(user: AnyUser) -> QuerySet[CoursePage]:
    """Each course with its average rating and number of evaluations, in one query."""
    return courses_for(user).annotate(
        rating_avg=Avg("enrolments__evaluation__rating"),
        rating_count=Count("enrolments__evaluation"),
    )


def evaluation_summary_by_provider(user: AnyUser) -> QuerySet:
    """Average rating and count per provider, grouped in the database."""
    section = _section_of_course("enrolment__course__path")
    return (
        evaluations_for(user)
        .annotate(provider_name=Subquery(section.values("provider__name")[:1]))
        .values("provider_name")
        .annotate(rating_avg=Avg("rating"), rating_count=Count("pk"))
        .order_by("provider_name")
    )


class EditorRequiredMixin:
    def dispatch(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not can_manage_sessions(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class EvaluationResultsView(EditorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "courses/admin/sessions/evaluations.html"
    page_title = gettext_lazy("Evalueringer")
    header_icon = "pick"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["courses"] = evaluation_summary_by_course(user)
        if access.is_network_editor(user):
            context["providers"] = evaluation_summary_by_provider(user)
        return context


class EvaluationCommentsView(EditorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "courses/admin/sessions/evaluation_comments.html"
    page_title = gettext_lazy("Evalueringer")
    header_icon = "pick"

    def setup(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().setup(request, *args, **kwargs)
        self.course = get_object_or_404(
            evaluation_summary_by_course(request.user), pk=kwargs["course_pk"]
        )

    def get_page_subtitle(self) -> str:
        return self.course.title

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("evalueringer:index"), "label": _("Evalueringer")},
            {"url": "", "label": self.course.title},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["course"] = self.course
        context["evaluations"] = (
            Evaluation.objects.filter(enrolment__course=self.course)
            .select_related("enrolment__session")
            .order_by("-created_at")
        )
        return context


class EditorMenuItem(MenuItem):
    def is_shown(self, request):  # type: ignore[no-untyped-def]
        return can_manage_sessions(request.user)


class EvaluationViewSet(ViewSet):
    name = "evalueringer"
    icon = "pick"
    menu_label = gettext_lazy("Evalueringer")
    menu_item_class = EditorMenuItem

    def get_urlpatterns(self):  # type: ignore[no-untyped-def]
        return [
            path("", EvaluationResultsView.as_view(), name="index"),
            path("<int:course_pk>/", EvaluationCommentsView.as_view(), name="course"),
        ]


class SessionsAdminGroup(ViewSetGroup):
    menu_label = gettext_lazy("Hold og evalueringer")
    menu_icon = "date"
    menu_order = 240
    items = (CourseSessionViewSet, EvaluationViewSet)
