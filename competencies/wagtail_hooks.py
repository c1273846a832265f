from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from competencies.models import Guide


class GuideViewSet(SnippetViewSet):
    """The network secretariat maintains the guides; nobody else has the permissions."""

    model = Guide
    icon = "doc-full-inverse"
    menu_label = _("AlmenVejledninger")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["code", "title", "series", "status", "edition"]
    list_filter = ["series", "status"]
    search_fields = ["code", "title", "summary"]
    list_export = ["code", "title", "series", "status", "edition", "summary"]
    export_filename = "almenvejledninger"
    ordering = ["series", "code"]


register_snippet(GuideViewSet)


@hooks.register("register_log_actions")
def register_competency_log_actions(actions):  # type: ignore[no-untyped-def]
    for action, label in (
        ("lms.evidence.record", _("Dokumentation registreret")),
        ("lms.evidence.submit", _("Tidligere læring indsendt")),
        ("lms.evidence.approved", _("Dokumentation godkendt")),
        ("lms.evidence.rejected", _("Dokumentation afvist")),
        ("lms.evidence.withdrawn", _("Dokumentation trukket tilbage")),
        ("lms.plan.submitted", _("Kompetenceplan indsendt")),
        ("lms.plan.approved", _("Kompetenceplan godkendt")),
        ("lms.plan.returned", _("Kompetenceplan sendt retur")),
        ("lms.plan.completed", _("Kompetenceplan afsluttet")),
    ):
        actions.register_action(action, label, label)
