import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import GroupPagePermission, Workflow

from courses import services
from courses.models import ProviderSectionPage
from organisations import services as org_services
from tests.courses.conftest import _editor


@pytest.mark.django_db
class TestProviderOnboard:
    def test_one_call_creates_section_group_and_permissions(self, catalogue):
        org = org_services.organisation_create(name="Ny Udbyder", kind="provider")
        editor = _editor("e@ny.example", org, ["staff", "provider_editor"], "Eva")
        section = services.provider_onboard(organisation=org)
        org.refresh_from_db()
        assert section.provider == org and section.live
        assert section.get_parent().specific == catalogue
        codenames = set(
            GroupPagePermission.objects.filter(group=org.editor_group, page=section).values_list(
                "permission__codename", flat=True
            )
        )
        assert {"add_page", "change_page"} <= codenames
        assert "publish_page" not in codenames
        assert org.editor_group.collection_permissions.filter(
            collection__name="Ny Udbyder"
        ).exists()
        assert editor.groups.filter(pk=org.editor_group.pk).exists()
        assert editor.has_perm("wagtailadmin.access_admin")

    def test_it_is_idempotent(self, catalogue):
        org = org_services.organisation_create(name="Ny Udbyder", kind="provider")
        first = services.provider_onboard(organisation=org)
        second = services.provider_onboard(organisation=org)
        assert first.pk == second.pk
        assert ProviderSectionPage.objects.count() == 1
        assert GroupPagePermission.objects.filter(page=first).count() == 4

    def test_a_later_editor_joins_the_group(self, akademi):
        user = _editor("ny@akademi.example", akademi, ["staff", "provider_editor"], "Ny")
        assert user.groups.filter(pk=akademi.editor_group_id).exists()

    def test_only_providers_can_be_onboarded(self, catalogue):
        org = org_services.organisation_create(name="Boligselskab", kind="housing")
        with pytest.raises(ValidationError):
            services.provider_onboard(organisation=org)
        assert not ProviderSectionPage.objects.exists()

    def test_the_catalogue_has_the_approval_workflow(self, catalogue):
        workflow = Workflow.objects.get(name=services.WORKFLOW_NAME)
        assert catalogue.get_workflow() == workflow


@pytest.mark.django_db
class TestOnboardAdminAction:
    def test_a_network_editor_onboards_from_the_admin(self, client, maria):
        org = org_services.organisation_create(name="Admin Udbyder", kind="provider")
        client.force_login(maria)
        url = reverse("courses_admin:providers")
        assert "Admin Udbyder" in client.get(url).content.decode()
        response = client.post(url, {"organisation": org.pk})
        assert response.status_code == 302
        assert ProviderSectionPage.objects.filter(provider=org).exists()

    def test_a_provider_editor_may_not(self, client, sofie, akademi):
        org = org_services.organisation_create(name="Anden Udbyder", kind="provider")
        client.force_login(sofie)
        response = client.post(reverse("courses_admin:providers"), {"organisation": org.pk})
        assert response.status_code in (302, 403)
        assert not ProviderSectionPage.objects.filter(provider=org).exists()
