"""Module pages: quiz answers stay on the server until the learner submits; search finds both."""

import pytest

from tests.courses.conftest import make_course, make_module


@pytest.fixture
def module(akademi):
    course = make_course(akademi, title="Fremtidsanalyse")
    return make_module(course)


def answer_fields(response):
    # The quiz id is the block's id; field names are quiz-<id>-q<n>.
    block = next(b for b in response.context["page"].body if b.block_type == "quiz")
    return block.id, f"quiz-{block.id}-q0", f"quiz-{block.id}-q1"


@pytest.mark.django_db
class TestQuiz:
    def test_answers_and_explanations_are_not_sent_before_submission(self, client, module):
        response = client.get(module.url)
        content = response.content.decode()
        assert response.status_code == 200
        assert "Hvilken vejledning handler om fremtidsanalyse?" in content
        assert "HEMMELIG-FORKLARING" not in content
        assert "correct" not in content.lower()
        assert "true" not in content.lower().replace('aria-pressed="true"', "")

    def test_right_answers_pass(self, client, module):
        quiz_id, q0, q1 = answer_fields(client.get(module.url))
        response = client.post(module.url, {"quiz": quiz_id, q0: "0", q1: ["0", "1"]})
        result = response.context["quiz_result"]
        assert result.score == 100 and result.passed
        assert "Bestået: 100 %" in response.content.decode()

    def test_a_partly_right_answer_is_wrong_and_scored_on_the_server(self, client, module):
        quiz_id, q0, q1 = answer_fields(client.get(module.url))
        response = client.post(module.url, {"quiz": quiz_id, q0: "1", q1: ["0"]})
        result = response.context["quiz_result"]
        assert result.score == 0 and not result.passed
        content = response.content.decode()
        assert "Ikke bestået" in content
        assert "HEMMELIG-FORKLARING" in content  # explanations after submission

    def test_pass_mark_is_respected(self, client, module):
        quiz_id, q0, q1 = answer_fields(client.get(module.url))
        response = client.post(module.url, {"quiz": quiz_id, q0: "0", q1: ["2"]})
        assert response.context["quiz_result"].score == 50
        assert response.context["quiz_result"].passed  # pass mark is 50 %

    def test_tampered_values_are_ignored(self, client, module):
        quiz_id, q0, q1 = answer_fields(client.get(module.url))
        response = client.post(module.url, {"quiz": quiz_id, q0: ["9", "x", "-1"], q1: "abc"})
        assert response.context["quiz_result"].score == 0

    def test_an_unknown_quiz_id_scores_nothing(self, client, module):
        response = client.post(module.url, {"quiz": "findes-ikke"})
        assert response.status_code == 200
        assert "quiz_result" not in response.context


@pytest.mark.django_db
class TestSearch:
    def test_site_search_finds_courses_and_modules_in_danish(self, client, akademi):
        course = make_course(
            akademi,
            title="Beboerdemokrati",
            learning_outcomes="<p>Kunne tilrettelægge afdelingsmødet.</p>",
        )
        make_module(
            course,
            title="Tjekliste",
            body=[{"type": "paragraph", "value": "<p>Huslejekonsekvensen forklares enkelt.</p>"}],
        )
        found = client.get("/soeg/?q=afdelingsmødet").content.decode()
        assert "Beboerdemokrati" in found
        found = client.get("/soeg/?q=huslejekonsekvensen").content.decode()
        assert "Tjekliste" in found
