"""Public pages (home, standard pages, news) and the site-wide settings editors change in the admin.

``HomePage`` names every page type that may hang directly below it, the other apps' index pages
included: cms composes the site from the apps, while no app names cms (the layers in
docs/architecture.md).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import BodyBlock
from core.site_url import PublicAddressPageMixin
from core.slugs import DanishSlugMixin

if TYPE_CHECKING:
    from django.http import HttpRequest

NEWS_PER_PAGE = 10
HOME_NEWS_COUNT = 3
INTRO_FEATURES = ["bold", "italic", "link"]


def validate_link_url(value: str) -> None:
    """Accept an absolute http(s) address or a path on this site such as ``/kurser/``."""
    if value.startswith("/") and not value.startswith("//"):
        return
    URLValidator(
        schemes=["http", "https"],
        message=_("Skriv en fuld adresse (https://…) eller en sti på sitet, der starter med /."),
    )(value)


class LinkFields(models.Model):
    """A label that points either to a page on the site or to an address."""

    label = models.CharField(_("tekst"), max_length=100)
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("side"),
        null=True,
        blank=True,
        # A deleted page leaves the item in place without a link; it is hidden until an editor
        # points it elsewhere.
        on_delete=models.SET_NULL,
        related_name="+",
    )
    link_url = models.CharField(
        _("adresse"),
        max_length=500,
        blank=True,
        validators=[validate_link_url],
        help_text=_("Bruges kun, når der ikke er valgt en side. F.eks. /kurser/ eller https://…"),
    )

    panels = [FieldPanel("label"), FieldPanel("link_page"), FieldPanel("link_url")]

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        super().clean()
        if bool(self.link_page_id) == bool(self.link_url):
            message = _("Vælg en side eller skriv en adresse (kun den ene af delene).")
            raise ValidationError({"link_page": message, "link_url": message})

    def get_link_url(self, request: HttpRequest | None = None) -> str:
        """The address to link to, or "" when the chosen page is gone or not published."""
        if self.link_page_id:
            page = self.link_page
            if page is None or not page.live:
                return ""
            return page.get_url(request) or ""
        return self.link_url


# --- Pages -------------------------------------------------------------------------------------


class HomePage(DanishSlugMixin, PublicAddressPageMixin, Page):
    hero_heading: models.CharField[str, str] = models.CharField(
        _("overskrift i toppen"),
        max_length=200,
        help_text=_("Den store overskrift øverst på forsiden."),
    )
    intro = RichTextField(_("introduktion"), features=INTRO_FEATURES, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("hero_heading"),
        FieldPanel("intro"),
        InlinePanel("featured_links", label=_("Fremhævede links"), max_num=6),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("hero_heading"),
        index.SearchField("intro"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.StandardPage",
        "cms.NewsIndexPage",
        "courses.CourseIndexPage",
        "events.EventIndexPage",
    ]

    class Meta:
        verbose_name = _("forside")
        verbose_name_plural = _("forsider")

    def latest_news(self) -> models.QuerySet[NewsPage]:
        """The newest published news items of this site."""
        news: models.QuerySet[NewsPage] = (
            NewsPage.objects.live()
            .public()
            .descendant_of(self)
            .order_by("-date", "-first_published_at")[:HOME_NEWS_COUNT]
        )
        return news

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context["featured_links"] = [
            (link, url)
            for link in self.featured_links.select_related("link_page")
            if (url := link.get_link_url(request))
        ]
        context["latest_news"] = self.latest_news()
        news_index = NewsIndexPage.objects.live().public().child_of(self).first()
        context["news_index"] = news_index
        # The network editors' featured lessons from the building sites (pillar 3); imported
        # here so that loading the cms models does not load another app's selectors.
        from onsite.selectors import featured_lessons

        context["featured_lessons"] = featured_lessons(limit=3)
        return context


class HomePageFeaturedLink(Orderable, LinkFields):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_links")
    text = models.CharField(_("kort tekst"), max_length=250, blank=True)

    panels = LinkFields.panels + [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("fremhævet link")
        verbose_name_plural = _("fremhævede links")


class StandardPage(DanishSlugMixin, PublicAddressPageMixin, Page):
    intro: models.TextField[str, str] = models.TextField(
        _("indledning"), blank=True, help_text=_("En kort indledning, der vises under titlen.")
    )
    body = StreamField(BodyBlock(), verbose_name=_("indhold"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standardside")
        verbose_name_plural = _("standardsider")


class NewsIndexPage(DanishSlugMixin, PublicAddressPageMixin, Page):
    intro: models.TextField[str, str] = models.TextField(_("indledning"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("nyhedsoversigt")
        verbose_name_plural = _("nyhedsoversigter")

    def news(self) -> models.QuerySet[NewsPage]:
        """Published news below this index, newest first."""
        news: models.QuerySet[NewsPage] = (
            NewsPage.objects.live().public().child_of(self).order_by("-date", "-first_published_at")
        )
        return news

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.news(), NEWS_PER_PAGE)
        context["news_page"] = paginator.get_page(request.GET.get("page"))
        return context


class NewsPage(DanishSlugMixin, PublicAddressPageMixin, Page):
    date: models.DateField[dt.date, dt.date] = models.DateField(
        _("dato"), default=timezone.localdate
    )
    intro: models.TextField[str, str] = models.TextField(
        _("indledning"), help_text=_("Et eller to afsnit, der også vises i oversigten.")
    )
    body = StreamField(BodyBlock(), verbose_name=_("indhold"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("nyhed")
        verbose_name_plural = _("nyheder")


# --- Site settings -----------------------------------------------------------------------------


@register_setting(icon="site")
class SiteSettings(ClusterableModel, BaseSiteSetting):
    """Who runs the site and how to reach them; shown in every page's footer."""

    organisation_name: models.CharField[str, str] = models.CharField(
        _("organisationens navn"), max_length=200, blank=True
    )
    contact_email: models.EmailField[str, str] = models.EmailField(_("kontakt-e-mail"), blank=True)
    phone: models.CharField[str, str] = models.CharField(_("telefon"), max_length=30, blank=True)
    address: models.TextField[str, str] = models.TextField(_("adresse"), blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("contact_email"),
                FieldPanel("phone"),
                FieldPanel("address"),
            ],
            heading=_("Kontaktoplysninger"),
        ),
        InlinePanel("footer_links", label=_("Links i sidefoden")),
    ]

    class Meta:
        verbose_name = _("webstedsindstillinger")
        verbose_name_plural = _("webstedsindstillinger")


class FooterLink(Orderable, LinkFields):
    setting = ParentalKey(SiteSettings, on_delete=models.CASCADE, related_name="footer_links")

    class Meta(Orderable.Meta):
        verbose_name = _("link i sidefoden")
        verbose_name_plural = _("links i sidefoden")


@register_setting(icon="list-ul")
class MainMenu(ClusterableModel, BaseSiteSetting):
    """The items of the navigation bar at the top of every page."""

    panels = [InlinePanel("items", label=_("Menupunkter"))]

    class Meta:
        verbose_name = _("hovedmenu")
        verbose_name_plural = _("hovedmenuer")


class MainMenuItem(Orderable, LinkFields):
    menu = ParentalKey(MainMenu, on_delete=models.CASCADE, related_name="items")

    class Meta(Orderable.Meta):
        verbose_name = _("menupunkt")
        verbose_name_plural = _("menupunkter")
