"""The page editor refuses bad courses and modules with a clear message, and saves nothing."""

import pytest
from django.urls import reverse

from courses.models import CoursePage, ModulePage
from tests.courses.admin_forms import (
    block_error_messages,
    course_form_data,
    module_form_data,
    quiz_value,
)
from tests.courses.conftest import make_course


def add_course(client, section, data):
    url = reverse("wagtailadmin_pages:add", args=["courses", "coursepage", section.pk])
    return client.post(url, data)


@pytest.mark.django_db
class TestCourseValidation:
    def test_a_valid_course_is_saved_as_a_draft(self, client, sofie, akademi):
        client.force_login(sofie)
        response = add_course(client, akademi.course_section, course_form_data())
        assert response.status_code == 302
        course = CoursePage.objects.get(title="Nyt kursus om A3")
        assert not course.live
        assert course.get_parent().pk == akademi.course_section.pk

    @pytest.mark.parametrize(
        "field,value,message",
        [
            ("guide", "", "Dette felt er påkrævet"),
            ("duration_hours", "-2", "Varigheden skal være mindst en halv time"),
            ("price", "-100", "Prisen kan ikke være negativ"),
        ],
    )
    def test_bad_input_is_refused_beside_the_field(
        self, client, sofie, akademi, field, value, message
    ):
        client.force_login(sofie)
        data = course_form_data(**{field: value})
        response = add_course(client, akademi.course_section, data)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert response.context["form"].errors[field]
        assert not CoursePage.objects.exists()


@pytest.mark.django_db
class TestQuizValidation:
    def add_module(self, client, course, data):
        url = reverse("wagtailadmin_pages:add", args=["courses", "modulepage", course.pk])
        return client.post(url, data)

    def test_a_valid_quiz_is_saved(self, client, maria, akademi):
        course = make_course(akademi)
        client.force_login(maria)
        response = self.add_module(client, course, module_form_data())
        assert response.status_code == 302
        assert ModulePage.objects.count() == 1

    def test_a_quiz_with_no_correct_option_is_refused(self, client, maria, akademi):
        course = make_course(akademi)
        client.force_login(maria)
        data = module_form_data(body_blocks=[("quiz", quiz_value(correct=(False, False)))])
        response = self.add_module(client, course, data)
        assert response.status_code == 200
        messages = block_error_messages(response.context["form"].errors["body"])
        assert messages == ["Markér mindst én svarmulighed som rigtig."]
        assert not ModulePage.objects.exists()

    def test_a_pass_mark_above_100_is_refused(self, client, maria, akademi):
        course = make_course(akademi)
        client.force_login(maria)
        data = module_form_data(body_blocks=[("quiz", quiz_value(pass_mark=120))])
        response = self.add_module(client, course, data)
        assert response.status_code == 200
        messages = block_error_messages(response.context["form"].errors["body"])
        assert any("100" in message for message in messages), messages
        assert not ModulePage.objects.exists()
