"""The kernel's shared StreamField blocks and status-event base (issue 12: mechanisms once)."""

from __future__ import annotations

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from competencies.models import PlanEvent
from core.blocks import CaptionedImageBlock, HeadingBlock
from onsite.models import EntryEvent


@pytest.fixture
def image(db: None) -> Image:
    return Image.objects.create(title="Byggeplads", file=get_test_image_file())


def test_an_image_in_the_shape_course_pages_used_to_store_still_renders(image: Image) -> None:
    block = CaptionedImageBlock()
    legacy = {"image": image.pk, "alt_text": "Stillads ved blok 3", "caption": "Uge 12"}

    value = block.to_python(legacy)
    html = block.render(value)

    assert value["image"].pk == image.pk
    assert 'alt="Stillads ved blok 3"' in html
    assert "Uge 12</figcaption>" in html


def test_old_and_new_shapes_read_together(image: Image) -> None:
    block = CaptionedImageBlock()
    current = {
        "image": {"image": image.pk, "decorative": False, "alt_text": "Ny tekst"},
        "caption": "",
    }
    legacy = {"image": image.pk, "alt_text": "Gammel tekst", "caption": ""}

    values = block.bulk_to_python([current, legacy])

    assert [v["image"].contextual_alt_text for v in values] == ["Ny tekst", "Gammel tekst"]


def test_a_heading_keeps_its_level() -> None:
    html = HeadingBlock().render(HeadingBlock().to_python({"text": "Eksempler", "level": "h3"}))
    assert html.strip() == '<h3 class="mt-4">Eksempler</h3>'


def test_both_histories_share_the_status_event_base() -> None:
    plan_step = PlanEvent(plan_id=3, from_status="draft", to_status="submitted")
    entry_comment = EntryEvent(entry_id=5, from_status="submitted", to_status="submitted")

    assert str(plan_step) == "3: draft → submitted"
    assert str(entry_comment) == "5: submitted → submitted"
    assert (plan_step.is_comment, entry_comment.is_comment) == (False, True)
    assert PlanEvent._meta.db_table == "competencies_planevent"
    assert EntryEvent._meta.db_table == "onsite_entryevent"
    assert PlanEvent._meta.ordering == EntryEvent._meta.ordering == ["created_at", "pk"]
