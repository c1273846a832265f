"""Form data for the Wagtail page editor, built with Wagtail's own test helpers."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from competencies.models import Guide


def course_form_data(title="Nyt kursus om A3", guide="A3", **overrides):
    data = {
        "title": title,
        "slug": title.lower().replace(" ", "-"),
        "guide": Guide.objects.get(code=guide).pk if guide else "",
        "summary": "Kort resumé.",
        "learning_outcomes": rich_text("<p>At kunne lave en fremtidsanalyse.</p>"),
        "format": "online",
        "duration_hours": "6",
        "language": "da",
        "price": "1200",
        "prerequisites": "",
        "body": streamfield([]),
        "documents": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def quiz_value(pass_mark=80, correct=(True, False)):
    return {
        "title": "Quiz",
        "pass_mark": pass_mark,
        "questions": streamfield_list(
            [
                {
                    "question": "Hvad er A3?",
                    "options": streamfield_list(
                        [
                            {"text": "Fremtidsanalyse", "correct": correct[0]},
                            {"text": "Drift", "correct": correct[1]},
                        ]
                    ),
                    "explanation": "A3 er Fremtidsanalyse.",
                }
            ]
        ),
    }


def streamfield_list(items):
    """ListBlock form data: count plus per-item value, order and deleted flags."""
    data = {"count": len(items)}
    for index, item in enumerate(items):
        data[str(index)] = {"value": item, "order": index, "deleted": "", "id": f"item{index}"}
    return data


def module_form_data(title="Modul med quiz", body_blocks=None, **overrides):
    data = {
        "title": title,
        "slug": title.lower().replace(" ", "-"),
        "intro": "",
        "estimated_minutes": "20",
        "body": streamfield(body_blocks or [("quiz", quiz_value())]),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def block_error_messages(errors):
    """Every message in a StreamField's nested block errors (the editor shows them per block)."""
    found = []

    def walk(error):
        if isinstance(error, (list, tuple)):
            for item in error:
                walk(item)
            return
        if isinstance(error, dict):
            for item in error.values():
                walk(item)
            return
        block_errors = getattr(error, "block_errors", None)
        if block_errors:
            walk(block_errors)
        non_block = getattr(error, "non_block_errors", None)
        if non_block:
            walk(list(non_block))
        if not block_errors and not non_block:
            found.extend(getattr(error, "messages", [str(error)]))

    walk(errors.as_data())
    return found
