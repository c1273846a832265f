"""Writes for the catalogue: setting it up and onboarding course providers."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from core.slugs import danish_slugify
from courses.models import CourseIndexPage, ProviderSectionPage
from organisations.models import Membership, Organisation, OrganisationKind, Role, User
from organisations.services import network_editors_group, user_groups_sync

WORKFLOW_NAME = "Godkendelse af kurser"
TASK_NAME = "Netværkssekretariatet godkender"
# Provider editors create and edit, but never publish: publishing goes through the workflow.
PROVIDER_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page", "unlock_page")
PROVIDER_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)


@transaction.atomic
def catalogue_setup(*, home: Page) -> CourseIndexPage:
    """Create the catalogue at /kurser/ under ``home`` and its approval workflow (idempotent)."""
    index: CourseIndexPage | None = CourseIndexPage.objects.first()
    if index is None:
        index = CourseIndexPage(
            title="Kurser",
            slug="kurser",
            intro="<p>Kurser på AlmenVejledningerne fra flere kursusudbydere. Filtrér efter "
            "vejledning, udbyder, form og funktion, og sammenlign før du tilmelder dig.</p>",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    course_workflow_ensure(index=index)
    return index


def course_workflow_ensure(*, index: CourseIndexPage) -> Workflow:
    """The workflow every course page under the catalogue passes before it goes live."""
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(network_editors_group())
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def _provider_group(organisation: Organisation) -> Group:
    group = organisation.editor_group
    if group is None:
        group = Group.objects.create(name=f"Kursusudbyder: {organisation.name}"[:150])
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        organisation.editor_group = group
        organisation.save(update_fields=["editor_group"])
    return group


def _grant_section(group: Group, section: ProviderSectionPage) -> None:
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PROVIDER_PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=section, permission=permission)


def _grant_collection(group: Group, organisation: Organisation) -> Collection:
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=organisation.name).first()
    if collection is None:
        collection = root.add_child(name=organisation.name)
    for app_label, codename in PROVIDER_COLLECTION_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )
    return collection


@transaction.atomic
def provider_onboard(
    *, organisation: Organisation, actor: User | None = None
) -> ProviderSectionPage:
    """Give a course provider its own space: section page, editor group, page and media rights.

    Safe to call again: what exists is kept. The provider's editors join the group at once, and
    later ones join when they get the provider_editor role.
    """
    if organisation.kind != OrganisationKind.PROVIDER:
        raise ValidationError(
            _("Kun organisationer af typen kursusudbyder kan få en udbydersektion.")
        )
    index = CourseIndexPage.objects.first()
    if index is None:
        raise ValidationError(_("Kursuskataloget findes ikke endnu."))
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    section: ProviderSectionPage | None = ProviderSectionPage.objects.filter(
        provider=organisation
    ).first()
    if section is None:
        section = ProviderSectionPage(
            title=organisation.name, slug=danish_slugify(organisation.name), provider=organisation
        )
        index.add_child(instance=section)
        section.save_revision(user=actor).publish(user=actor)
    group = _provider_group(organisation)
    _grant_section(group, section)
    _grant_collection(group, organisation)
    editors = (
        Membership.objects.active()
        .filter(organisation=organisation)
        .with_role(Role.PROVIDER_EDITOR)
    )
    for membership in editors.select_related("user"):
        user_groups_sync(user=membership.user)
    log(organisation, "lms.provider.onboard", user=actor, data={"section": section.pk})
    return section
