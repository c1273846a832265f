"""Issue 3's journey: a new course provider publishes through the network's approval.

The network editor creates and onboards a provider; the provider's editor (with two-factor)
writes a course with a module and a quiz and submits it; the network editor approves; the course
is found in /kurser/ under its filters and on its guide's page.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in_demo_person, new_guarded_context
from tests.factories.organisations import totp_activate

pytestmark = pytest.mark.browser

MARIA = "maria@almennet.example"
IDA = "ida@laeringshuset.example"
COURSE = "Fremtidsanalyse i praksis"


def add_ida_to(organisation_name):
    """Ida accepted her invitation earlier: a provider editor with two-factor."""

    from organisations import demo, services
    from organisations.models import Organisation

    user = services.user_create(
        email=IDA, password=demo.DEMO_PASSWORD, first_name="Ida", last_name="Iversen"
    )
    services.membership_create(
        user=user,
        organisation=Organisation.objects.get(name=organisation_name),
        roles=["staff", "provider_editor"],
    )
    totp_activate(user)


def submit_to_workflow(page):
    # The editor builds its StreamField and rich-text inputs in JavaScript: submitting before
    # that has finished (a loaded machine) posts an incomplete form.
    page.wait_for_load_state("networkidle")
    page.locator(
        "footer [data-w-dropdown-target='toggle'], footer .w-dropdown__toggle"
    ).first.click()
    page.locator("button[name='action-submit']").click()
    page.wait_for_load_state()
    errors = [
        text.strip()
        for text in page.locator(".error-message, .w-field__errors").all_inner_texts()
        if text.strip()
    ]
    assert not errors, f"The editor refused the page: {errors}"
    expect(page.locator(".messages")).to_contain_text(re.compile("sendt|submitted", re.I))


def test_a_new_provider_publishes_a_course_after_network_approval(browser, live_server, demo_site):
    from courses.models import CoursePage, ModulePage

    maria_ctx, maria_guard = new_guarded_context(browser, live_server.url)
    maria = maria_ctx.new_page()
    log_in_demo_person(maria, MARIA)

    # 1. The network editor creates the provider organisation in the admin …
    maria.goto("/admin/")
    maria.goto("/admin/organisationer/new/")
    maria.locator("#id_name").fill("Læringshuset")
    maria.locator("#id_kind").select_option("provider")
    maria.locator("#id_cvr").fill("44556677")
    maria.locator(
        "footer button[type=submit], button[type=submit].button-longrunning"
    ).first.click()
    expect(maria.locator(".messages")).to_contain_text("Læringshuset")
    add_ida_to("Læringshuset")

    # … and onboards it with one click.
    maria.goto("/admin/kursusudbydere/")
    row = maria.locator("tr", has_text="Læringshuset")
    row.get_by_role("button", name="Opret udbydersektion").click()
    expect(maria.locator(".messages")).to_contain_text("har nu sin egen sektion")
    maria.screenshot(path=_shot("catalogue-1-onboarded"), full_page=True)

    # 2. The provider's editor writes a course and a module with a quiz, and submits both.
    ida_ctx, ida_guard = new_guarded_context(browser, live_server.url)
    ida = ida_ctx.new_page()
    log_in_demo_person(ida, IDA)
    ida.goto("/admin/")
    ida.goto(_section_explorer_url("Læringshuset"))
    ida.locator("a[href*='add_subpage']").first.click()
    # The editor builds its rich-text and StreamField inputs in JavaScript; typing before that
    # has finished loses the text, and a draft is saved without its required fields.
    ida.wait_for_load_state("networkidle")
    ida.locator("#id_title").fill(COURSE)
    ida.locator("#id_guide").select_option(label="A3 Fremtidsanalyse")
    ida.locator("#id_summary").fill("Gennemfør en fremtidsanalyse på jeres egen afdeling.")
    ida.locator("[data-contentpath='learning_outcomes'] [contenteditable='true']").click()
    ida.keyboard.type("At kunne analysere afdelingens fremtid.")
    ida.locator("#id_format").select_option("online")
    ida.locator("#id_duration_hours").fill("6")
    ida.locator("#id_price").fill("1800")
    ida.get_by_label("Projektleder").check()
    ida.screenshot(path=_shot("catalogue-2-course-form"), full_page=True)
    ida.locator("footer").get_by_role("button", name=re.compile("Gem skitse|Save draft")).click()
    expect(ida.locator(".messages")).to_contain_text(COURSE)
    course = CoursePage.objects.get(title=COURSE)
    assert not course.live

    ida.goto(f"/admin/pages/{course.pk}/add_subpage/")
    ida.wait_for_load_state("networkidle")
    ida.locator("#id_title").fill("Data om afdelingen")
    ida.locator("#id_estimated_minutes").fill("25")
    ida.locator(".c-sf-add-button").first.click()
    ida.locator("[role=option]", has_text="Quiz").first.click()
    ida.locator("#body-0-value-pass_mark").fill("50")
    ida.locator("#body-0-value-questions-0-value-question").fill(
        "Hvilken vejledning handler om fremtidsanalyse?"
    )
    ida.locator("#body-0-value-questions-0-value-options-0-value-text").fill("A3")
    ida.locator("#body-0-value-questions-0-value-options-0-value-correct").check()
    ida.locator("[data-contentpath='options'] button[data-streamfield-list-add]").last.click()
    ida.locator("#body-0-value-questions-0-value-options-1-value-text").fill("A1")
    ida.locator("footer").get_by_role("button", name=re.compile("Gem skitse|Save draft")).click()
    expect(ida.locator(".messages")).to_contain_text("Data om afdelingen")
    module = ModulePage.objects.child_of(course).get()
    # Wagtail saves drafts without requiring every field: check the draft holds what was typed,
    # so a lost keystroke is named here and not as a refusal at submission.
    quiz = module.get_latest_revision_as_object().body[0].value
    assert quiz["questions"][0]["question"]
    assert [option["text"] for option in quiz["questions"][0]["options"]] == ["A3", "A1"]

    for page_id in (course.pk, module.pk):
        ida.goto(f"/admin/pages/{page_id}/edit/")
        submit_to_workflow(ida)
    ida.screenshot(path=_shot("catalogue-3-submitted"), full_page=True)
    # Submitted is not published: the catalogue does not show it yet.
    ida.goto("/kurser/?guide=A3")
    expect(ida.locator("main")).not_to_contain_text(COURSE)

    # 3. The network editor approves both from the review queue.
    maria.goto("/admin/")
    expect(maria.locator("main")).to_contain_text(COURSE)
    maria.screenshot(path=_shot("catalogue-4-awaiting-review"), full_page=True)
    for page_id in (course.pk, module.pk):
        maria.goto(f"/admin/pages/{page_id}/edit/")
        maria.locator(
            "footer [data-w-dropdown-target='toggle'], footer .w-dropdown__toggle"
        ).first.click()
        maria.locator("footer").get_by_role(
            "button", name=re.compile("(Approve with comment|Godkend med kommentar)", re.I)
        ).click()
        modal = maria.locator(".modal")
        modal.locator("textarea[name=comment]").fill("Godkendt af netværket – fint kursus på A3.")
        modal.locator("button[type=submit]").click()
        expect(maria.locator(".messages")).to_contain_text(
            re.compile("godkendt|approved|opdateret", re.I)
        )

    course.refresh_from_db()
    assert course.live

    # 4. Anyone finds it in the catalogue under its filters, and on its guide's page.
    visitor_ctx, visitor_guard = new_guarded_context(browser, live_server.url)
    visitor = visitor_ctx.new_page()
    visitor.goto("/kurser/")
    visitor.get_by_label("AlmenVejledning").select_option("A3")
    visitor.get_by_label("Kursusform").select_option("online")
    visitor.get_by_role("button", name="Vis kurser").click()
    expect(visitor).to_have_url(re.compile(r"guide=A3.*format=online|format=online.*guide=A3"))
    card = visitor.locator("article", has_text=COURSE)
    expect(card).to_contain_text("Læringshuset")
    expect(card).to_contain_text("1.800,00 kr.")
    visitor.screenshot(path=_shot("catalogue-5-filtered"), full_page=True)
    visitor.goto("/vejledninger/A3/")
    expect(visitor.locator("table")).to_contain_text(COURSE)
    visitor.screenshot(path=_shot("catalogue-6-guide-page"), full_page=True)
    card_link = visitor.get_by_role("link", name=COURSE).first
    card_link.click()
    visitor.get_by_role("link", name="Data om afdelingen").click()
    visitor.get_by_label("A3").check()
    visitor.get_by_role("button", name="Aflevér svar").click()
    expect(visitor.get_by_test_id("quiz-result")).to_contain_text("Bestået")

    for ctx, guard in (
        (maria_ctx, maria_guard),
        (ida_ctx, ida_guard),
        (visitor_ctx, visitor_guard),
    ):
        ctx.close()
        guard.assert_no_foreign_requests()


def _section_explorer_url(name):
    from courses.models import ProviderSectionPage

    return f"/admin/pages/{ProviderSectionPage.objects.get(title=name).pk}/"


def _shot(name):
    from tests.e2e.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
