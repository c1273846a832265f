from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Indhold")
    # The network secretariat runs the site: its settings, main menu and redirects for moved
    # pages (see organisations.services.network_editors_group).
    network_editor_permissions = (
        "cms.change_sitesettings",
        "cms.change_mainmenu",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
    )

    def ready(self) -> None:
        # Publishing, moving or deleting a page purges the anonymous page cache.
        from cms import cache_purge

        cache_purge.connect()
