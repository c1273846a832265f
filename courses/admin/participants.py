"""A session's participant list (with its spreadsheet export) and marking attendance."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.widgets.button import HeaderButton

from core.safety import int_or_none
from core.views import error_text
from courses import exports, selectors, services
from courses.admin.base import SessionMixin, participants_url
from courses.admin.filters import ParticipantFilterSet
from courses.models import CourseSession, Enrolment, EnrolmentStatus, SessionStatus
from courses.services.enrolments import CANCELLABLE

S = EnrolmentStatus
MARKABLE = (S.BOOKED, S.ATTENDED, S.NO_SHOW)


class TemplateColumn(Column):
    """A column whose cell is one of this module's templates."""

    # The statuses the cells offer actions for, as plain strings for the templates.
    markable = [str(status) for status in MARKABLE]
    cancellable = [str(status) for status in CANCELLABLE]

    def __init__(self, name: str, template: str, **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        self.cell_template_name = f"courses/admin/sessions/{template}"


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
    list_export = exports.PARTICIPANT_COLUMNS
    export_headings = exports.PARTICIPANT_HEADINGS
    columns = [
        TemplateColumn("select", "checkbox_cell.html", label="", accessor="pk"),
        Column("name", label=gettext_lazy("Navn"), accessor="user.name"),
        Column("email", label=gettext_lazy("E-mail"), accessor="user.email"),
        Column("organisation", label=gettext_lazy("Organisation"), accessor="organisation"),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        Column("waitlist", label=gettext_lazy("Venteliste"), accessor=exports.waitlist_position),
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
        return exports.participants_filename(self.session)

    def get_base_queryset(self) -> QuerySet[Enrolment]:
        # Numbered within each status; only the waitlist's numbers are shown.
        return selectors.ranked_participants(self.session)

    def get_index_url(self) -> str:
        return participants_url(self.session)

    def get_index_results_url(self) -> str:
        return reverse("hold:participants_results", args=[self.session.pk])

    def to_row_dict(self, item: Enrolment) -> dict[str, Any]:
        return exports.participant_row(item)

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
        # Every certificate of the session as one ZIP, built in the background (core.jobs).
        url = reverse("certificates_session", args=[self.session.pk])
        buttons.append(HeaderButton(_("Hent kursusbeviser (ZIP)"), url=url, icon_name="download"))
        return buttons

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        for key in ("_w_filter_fragment", "export", self.page_kwarg):
            params.pop(key, None)
        query = f"?{params.urlencode()}" if params else ""
        context.update(session=self.session, next_url=participants_url(self.session) + query)
        return context

    def render_to_response(self, context: dict[str, Any], **response_kwargs: Any) -> HttpResponse:
        if self.is_export:
            spreadsheet: HttpResponse = self.as_spreadsheet(
                context["object_list"], self.request.GET.get("export")
            )
            return spreadsheet
        response: HttpResponse = super().render_to_response(context, **response_kwargs)
        return response


def _redirect_back(request: HttpRequest, session: CourseSession) -> HttpResponseRedirect:
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = participants_url(session)
    return HttpResponseRedirect(next_url)


class AttendanceView(SessionMixin, TemplateView):
    """Mark attendance for one participant (a row's button) or the checked ones in bulk."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        row = request.POST.get("row", "")
        if row:
            pk, _sep, flag = row.partition(":")
            ids = [pk]
        else:
            ids, flag = request.POST.getlist("enrolment"), request.POST.get("bulk", "")
        if flag not in (S.ATTENDED, S.NO_SHOW):
            raise Http404
        wanted = [pk for pk in map(int_or_none, ids) if pk is not None]
        enrolments = selectors.participants_by_ids(self.session, wanted)
        if row and not enrolments:
            raise Http404
        if not enrolments:
            messages.warning(request, _("Vælg mindst én deltager."))
            return _redirect_back(request, self.session)
        attended = flag == S.ATTENDED
        marked, refused = services.attendance_mark_many(
            enrolments=enrolments, attended=attended, actor=self.actor
        )
        if marked:
            label = S.ATTENDED.label if attended else S.NO_SHOW.label
            message = ngettext(
                "%(count)s deltager registreret som %(status)s.",
                "%(count)s deltagere registreret som %(status)s.",
                marked,
            )
            messages.success(request, message % {"count": marked, "status": str(label).lower()})
        for enrolment, error in refused:
            messages.error(request, f"{enrolment.user.name}: {error_text(error)}")
        return _redirect_back(request, self.session)
