"""Personal data in tools: who saved what, and personal sheets (export and erasure)."""

from __future__ import annotations

import pytest

from core.privacy import declaration_for, unclassified
from courses.models import ModuleSheet
from organisations.models import User
from privacy import erasure
from privacy.export import about_person
from tests.factories.tools import SheetFactory
from tools import services
from tools.models import Sheet, SheetVersion, Tool

pytestmark = pytest.mark.django_db


def test_every_field_is_classified() -> None:
    assert unclassified([Tool, Sheet, SheetVersion, ModuleSheet]) == []


def test_export_and_erasure(bob: User, alice: User) -> None:
    shared = SheetFactory(title="Fælles interessentanalyse")
    services.sheet_save(sheet=shared, answers={"text": "Bobs svar"}, actor=bob, base_version=0)
    services.sheet_save(sheet=shared, answers={"text": "Alices svar"}, actor=alice, base_version=1)
    last = SheetFactory(title="Bob gemte sidst")
    services.sheet_save(sheet=last, answers={"text": "Bob"}, actor=bob, base_version=0)
    own = services.sheet_create(tool=shared.tool, title="Bobs egne svar", owner=bob)
    services.sheet_save(sheet=own, answers={"text": "Mit eget"}, actor=bob, base_version=0)

    versions = about_person(declaration_for(SheetVersion), bob)  # type: ignore[arg-type]
    assert versions is not None and {v.data["text"] for v in versions} == {
        "Bobs svar",
        "Bob",
        "Mit eget",
    }
    sheets = about_person(declaration_for(Sheet), bob)  # type: ignore[arg-type]
    assert sheets is not None and list(sheets) == [own]

    erasure.person_erase(person=bob, erased_by=alice)

    assert not Sheet.objects.filter(pk=own.pk).exists()
    shared.refresh_from_db()
    assert shared.data == {"text": "Alices svar"} and shared.updated_by == alice
    first, second = SheetVersion.objects.filter(sheet=shared).order_by("number")
    assert first.saved_by is None and first.data == {"text": "Bobs svar"}
    assert second.saved_by == alice
    last.refresh_from_db()
    # The last saver of a shared sheet becomes the shared "Slettet bruger", as authorship does
    # everywhere in our apps; the answers stay with the holder.
    assert last.updated_by == erasure.placeholder_user() and last.data == {"text": "Bob"}
