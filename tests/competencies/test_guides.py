import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from competencies.models import Guide
from organisations import services


@pytest.mark.django_db
class TestGuide:
    def test_the_five_a_guides_are_seeded_in_danish(self):
        guides = {g.code: g for g in Guide.objects.all()}
        assert set(guides) >= {"A1", "A2", "A3", "A4", "A5"}
        assert guides["A1"].title == "Beboerdemokratisk proces"
        assert (
            guides["A5"].title == "Den boligsociale helhedsplan II – implementering og forankring"
        )
        assert "firefaset" in guides["A4"].summary
        assert guides["A5"].target_job_functions.filter(code="boligsocial-medarbejder").exists()

    @pytest.mark.parametrize("code", ["E1", "A", "AA1", "a1", "A100"])
    def test_a_malformed_code_is_refused(self, code):
        guide = Guide(code=code, title="X", series="A", summary="Y")
        with pytest.raises(ValidationError) as excinfo:
            guide.full_clean()
        assert "code" in excinfo.value.message_dict

    def test_series_must_match_the_code(self):
        guide = Guide(code="B1", title="Projektering", series="A", summary="Y")
        with pytest.raises(ValidationError) as excinfo:
            guide.full_clean()
        assert "Serien skal svare til kodens bogstav (B)" in excinfo.value.message_dict["series"][0]


@pytest.mark.django_db
class TestWhoMaintainsGuides:
    def make(self, kind, role):
        from allauth.mfa.totp.internal.auth import TOTP

        org = services.organisation_create(name=f"Org {role}", kind=kind)
        user = services.user_create(email=f"{role}@example.dk", password="Hemmelig-kode-1")
        services.membership_create(user=user, organisation=org, roles=["staff", role])
        TOTP.activate(user, "ALMENDEMOTOTPSECRETKEY234567ABCD")
        return user

    def test_network_editors_may_edit_guides(self, client):
        user = self.make("network", "network_editor")
        client.force_login(user)
        guide = Guide.objects.get(code="A3")
        url = reverse("wagtailsnippets_competencies_guide:edit", args=[guide.pk])
        assert client.get(url).status_code == 200
        assert user.has_perm("competencies.change_guide")

    @pytest.mark.parametrize("kind,role", [("provider", "provider_editor"), ("housing", "hr")])
    def test_nobody_else_may(self, client, kind, role):
        user = self.make(kind, role)
        client.force_login(user)
        guide = Guide.objects.get(code="A3")
        response = client.get(reverse("wagtailsnippets_competencies_guide:edit", args=[guide.pk]))
        assert response.status_code in (302, 403)
        assert not user.has_perm("competencies.change_guide")
