"""Page types: where they may live and how they render."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.test import override_settings
from wagtail.documents.models import Document
from wagtail.images.blocks import ImageBlock
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cms.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from cms.services import site_setup_demo


class PageTypeRulesTests(WagtailPageTestCase):
    def test_the_home_page_lives_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_standard_pages_live_below_home_or_other_standard_pages(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_news_live_in_the_news_index_below_home(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())

    def test_news_cannot_be_created_elsewhere(self):
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(StandardPage, NewsIndexPage)
        self.assertCanCreateAt(HomePage, StandardPage)


class PageRenderingTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = site_setup_demo()
        cls.about = StandardPage.objects.get(slug="om-almenlaering")
        cls.news_index = NewsIndexPage.objects.get()
        cls.news = NewsPage.objects.order_by("-date").first()

    def test_every_page_type_renders(self):
        for page in [self.home, self.about, self.news_index, self.news]:
            self.assertPageIsRenderable(page)

    def test_the_home_page_shows_the_three_latest_news(self):
        titles = list(NewsPage.objects.order_by("-date").values_list("title", flat=True))

        response = self.client.get("/")

        for title in titles[:3]:
            self.assertContains(response, title)
        self.assertContains(response, self.home.hero_heading)

    def test_an_unpublished_news_item_is_not_on_the_home_page(self):
        self.news.unpublish()

        response = self.client.get("/")

        self.assertNotContains(response, self.news.title)

    def test_the_news_index_lists_its_news(self):
        response = self.client.get(self.news_index.url)

        self.assertContains(response, self.news.title)
        self.assertContains(response, '<nav aria-label="Brødkrumme">', html=False)

    def test_the_about_page_shows_its_body(self):
        response = self.client.get(self.about.url)

        self.assertContains(response, "Læringspilen")
        self.assertContains(response, "En skole på byggepladsen", html=False)

    def test_the_home_page_is_editable_in_the_admin(self):
        # The two-factor gate of the admin is tested with the accounts; here it is the form.
        middleware = [m for m in settings.MIDDLEWARE if "RequireTwoFactor" not in m]
        with override_settings(MIDDLEWARE=middleware):
            self.assertPageIsEditable(self.home)
            self.assertPageIsPreviewable(self.home)


class BodyBlockTests(WagtailPageTestCase):
    def test_images_and_documents_render_in_the_body(self):
        home = site_setup_demo()
        image = Image.objects.create(title="Byggeplads", file=get_test_image_file())
        document = Document.objects.create(
            title="Drejebog for samdrift", file=ContentFile(b"%PDF-1.4", name="drejebog.pdf")
        )
        page = StandardPage(
            title="Værktøjer",
            slug="vaerktoejer",
            body=[
                ("heading", {"text": "Eksempler", "level": "h3"}),
                (
                    "image",
                    {
                        "image": ImageBlock().normalize(image),
                        "caption": "Skole på byggepladsen",
                    },
                ),
                ("document", {"document": document, "title": ""}),
            ],
        )
        home.add_child(instance=page)

        response = self.client.get(page.url)

        self.assertContains(response, '<h3 class="mt-4">Eksempler</h3>', html=True)
        self.assertContains(response, "<figcaption")
        self.assertContains(response, "Drejebog for samdrift</a>")
        self.assertContains(response, "(PDF")
