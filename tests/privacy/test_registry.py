"""The personal-data registry covers every field of every model we keep (issue 11).

A model that gains a field nobody classified fails here with the list of what is missing, so
no later capability can add data about people without deciding why it is kept, for how long
and what erasure does to it.
"""

from __future__ import annotations

import pytest
from django.db import models
from django.test.utils import isolate_apps

from core import privacy
from core.privacy import Category, Erasure, LegalBasis, Personal


def test_every_field_of_every_model_is_classified():
    missing = privacy.unclassified(privacy.project_models())
    assert not missing, "Felter uden klassifikation i core.privacy:\n" + "\n".join(missing)


def test_every_declared_name_is_a_field():
    wrong = privacy.unknown_fields()
    assert not wrong, "Klassificerede navne, der ikke er felter:\n" + "\n".join(wrong)


def test_the_library_models_are_covered():
    labels = {model._meta.label for model in privacy.project_models()}
    from django.conf import settings

    assert set(settings.LMS_PRIVACY_LIBRARY_MODELS) <= labels
    declared = {declaration.label for declaration in privacy.declarations()}
    assert set(settings.LMS_PRIVACY_LIBRARY_MODELS) <= declared


@isolate_apps("privacy")
def test_a_forgotten_field_is_reported():
    class Unclassified(models.Model):
        """A made-up model (in an isolated app registry): one field declared, one forgotten."""

        name = models.CharField(max_length=10)
        shoe_size = models.PositiveSmallIntegerField()

        class Meta:
            app_label = "privacy"

        def __str__(self) -> str:
            return self.name

    # Not vacuous: a model nobody declared, and one with a field left out, are both listed.
    assert privacy.unclassified([Unclassified]) == [
        "privacy.Unclassified.id",
        "privacy.Unclassified.name",
        "privacy.Unclassified.shoe_size",
    ]
    rule = Personal(Category.IDENTITY, "navn", LegalBasis.CONTRACT, "altid", Erasure.DELETE)
    try:
        privacy.register(Unclassified, area="test", personal={"name": rule}, other=("id",))
        assert privacy.unclassified([Unclassified]) == ["privacy.Unclassified.shoe_size"]
        privacy.register(
            Unclassified,
            area="test",
            personal={"name": rule},
            other=("id", "shoe_size", "hat_size"),
        )
        assert privacy.unknown_fields() == ["privacy.Unclassified.hat_size"]
    finally:
        privacy._registry.pop("privacy.Unclassified", None)


def test_keeping_data_on_erasure_must_name_the_law():
    with pytest.raises(ValueError):
        Personal(Category.IDENTITY, "x", LegalBasis.LEGAL_OBLIGATION, "y", Erasure.KEEP)


def test_every_personal_file_field_is_listed_in_files():
    for declaration in privacy.declarations():
        for name in declaration.personal:
            field = declaration.model._meta.get_field(name)
            if isinstance(field, models.FileField):
                assert name in declaration.files, f"{declaration.label}.{name}"


def test_every_model_with_personal_fields_has_an_area():
    for declaration in privacy.declarations():
        if declaration.personal or declaration.subject:
            assert declaration.area, declaration.label


def test_subject_paths_lead_to_a_person():
    """Each subject path ends at the user model, so export and erasure find the right rows."""
    from django.contrib.auth import get_user_model

    user = get_user_model()
    for declaration in privacy.declarations():
        for path in declaration.subject:
            model = declaration.model
            parts = path.split("__")
            for part in parts:
                field = model._meta.get_field(part)
                model = field.related_model if field.is_relation else model
            assert model is user, f"{declaration.label}: {path}"


def test_foreign_keys_to_people_other_than_the_subject_are_personal():
    """approved_by, decided_by, invited_by …: personal, and anonymised rather than kept."""
    from django.contrib.auth import get_user_model

    user = get_user_model()
    for declaration in privacy.declarations():
        for field in declaration.model._meta.local_concrete_fields:
            if field.is_relation and field.related_model is user:
                assert field.name in declaration.personal, f"{declaration.label}.{field.name}"


@pytest.mark.parametrize(
    ("label", "rows"),
    [
        ("courses.Enrolment", Erasure.DELETE),
        ("courses.Certificate", Erasure.DELETE),
        ("competencies.CompetencePlan", Erasure.DELETE),
        ("competencies.Evidence", Erasure.DELETE),
        ("onsite.LogEntry", Erasure.ANONYMISE),
        ("onsite.Measurement", Erasure.ANONYMISE),
    ],
)
def test_erasure_rules_of_the_main_areas(label, rows):
    from django.apps import apps

    declaration = privacy.declaration_for(apps.get_model(label))
    assert declaration is not None and declaration.rows == rows
