from django.utils.translation import gettext_lazy as _
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
