"""Provider isolation in the Wagtail admin, and publishing only through approval.

Jonas edits for ByggeLæring; every action on Almen Akademi's course is refused and changes
nothing. Sofie (Almen Akademi) may edit her own course but not publish it herself.
"""

import pytest
from django.urls import reverse
from wagtail.models import Page, WorkflowState

from courses.models import CoursePage
from tests.courses.admin_forms import course_form_data
from tests.courses.conftest import make_course


def refused(response):
    # Wagtail answers a page-permission failure with 403 or a redirect to the dashboard.
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"].rstrip("/").endswith("/admin")
    )


@pytest.fixture
def akademi_course(akademi):
    return make_course(akademi, title="Akademiets kursus")


@pytest.mark.django_db
class TestAnotherProvidersPage:
    def test_edit_is_refused(self, client, jonas, akademi_course):
        client.force_login(jonas)
        url = reverse("wagtailadmin_pages:edit", args=[akademi_course.pk])
        assert refused(client.get(url))
        response = client.post(url, course_form_data(title="Overtaget"))
        assert refused(response)
        assert CoursePage.objects.get(pk=akademi_course.pk).title == "Akademiets kursus"

    def test_move_is_refused(self, client, jonas, akademi_course, byggelaering):
        client.force_login(jonas)
        assert refused(client.get(reverse("wagtailadmin_pages:move", args=[akademi_course.pk])))
        url = reverse(
            "wagtailadmin_pages:move_confirm",
            args=[akademi_course.pk, byggelaering.course_section.pk],
        )
        assert refused(client.post(url))
        assert (
            Page.objects.get(pk=akademi_course.pk).get_parent().pk != byggelaering.course_section.pk
        )

    def test_copy_is_refused(self, client, jonas, akademi_course, byggelaering):
        client.force_login(jonas)
        url = reverse("wagtailadmin_pages:copy", args=[akademi_course.pk])
        response = client.post(
            url,
            {
                "new_title": "Kopi",
                "new_slug": "kopi",
                "new_parent_page": byggelaering.course_section.pk,
                "copy_subpages": "",
                "publish_copies": "",
            },
        )
        assert refused(response) or response.status_code == 200
        assert not CoursePage.objects.filter(title="Kopi").exists()

    def test_preview_is_refused(self, client, jonas, akademi_course):
        client.force_login(jonas)
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[akademi_course.pk])
        assert refused(client.post(url, course_form_data(title="Forhåndsvisning")))
        assert refused(client.get(url))

    def test_delete_is_refused(self, client, jonas, akademi_course):
        client.force_login(jonas)
        url = reverse("wagtailadmin_pages:delete", args=[akademi_course.pk])
        assert refused(client.post(url))
        assert CoursePage.objects.filter(pk=akademi_course.pk).exists()

    def test_adding_under_another_section_is_refused(self, client, jonas, akademi):
        client.force_login(jonas)
        url = reverse(
            "wagtailadmin_pages:add", args=["courses", "coursepage", akademi.course_section.pk]
        )
        assert refused(client.post(url, course_form_data(title="Indsneget")))
        assert not CoursePage.objects.filter(title="Indsneget").exists()

    def test_the_explorer_hides_the_other_section(self, client, jonas, akademi, byggelaering):
        client.force_login(jonas)
        response = client.get(reverse("wagtailadmin_explore", args=[akademi.course_section.pk]))
        assert refused(response) or "Akademiets kursus" not in response.content.decode()


@pytest.mark.django_db
class TestPublishingNeedsApproval:
    def test_an_editor_cannot_publish_directly(self, client, sofie, akademi):
        course = make_course(akademi, title="Kladde", publish=False)
        client.force_login(sofie)
        url = reverse("wagtailadmin_pages:edit", args=[course.pk])
        client.post(url, {**course_form_data(title="Kladde"), "action-publish": "action-publish"})
        course.refresh_from_db()
        assert not course.live

    def test_submit_then_network_editor_approves_with_comment(self, client, sofie, maria, akademi):
        course = make_course(akademi, title="Til godkendelse", publish=False)
        client.force_login(sofie)
        url = reverse("wagtailadmin_pages:edit", args=[course.pk])
        response = client.post(
            url, {**course_form_data(title="Til godkendelse"), "action-submit": "1"}
        )
        assert response.status_code == 302
        state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(course.pk))
        assert state.status == "in_progress"

        client.force_login(maria)
        # The secretariat sees every provider's pending page in one place.
        dashboard = client.get(reverse("wagtailadmin_home"))
        assert "Til godkendelse" in dashboard.content.decode()
        task_state = state.current_task_state
        approve = reverse(
            "wagtailadmin_pages:workflow_action", args=[course.pk, "approve", task_state.pk]
        )
        response = client.post(approve, {"comment": "Fint kursus – godkendt."})
        assert response.status_code in (200, 302)
        course.refresh_from_db()
        assert course.live
        state.refresh_from_db()
        assert state.status == "approved"

    def test_the_network_editor_can_request_changes(self, client, sofie, maria, akademi):
        course = make_course(akademi, title="Skal rettes", publish=False)
        client.force_login(sofie)
        url = reverse("wagtailadmin_pages:edit", args=[course.pk])
        client.post(url, {**course_form_data(title="Skal rettes"), "action-submit": "1"})
        state = WorkflowState.objects.get(object_id=str(course.pk))
        client.force_login(maria)
        reject = reverse(
            "wagtailadmin_pages:workflow_action",
            args=[course.pk, "reject", state.current_task_state.pk],
        )
        client.post(reject, {"comment": "Tilføj læringsudbytte for A3."})
        state.refresh_from_db()
        course.refresh_from_db()
        assert state.status == "needs_changes"
        assert not course.live
        assert state.current_task_state.comment == "Tilføj læringsudbytte for A3."
