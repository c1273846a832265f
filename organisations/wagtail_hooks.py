"""The back office for the network secretariat: organisations, departments, people.

Listings are Wagtail ``ModelViewSet``s with filters and CSV/XLSX export; saving a membership goes
through the same services as the public site, so group sync and the audit log stay in one place.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from organisations import selectors, services
from organisations.models import Department, Invitation, JobFunction, Membership, Organisation, Role
from organisations.sso.viewsets import IdentityProviderViewSet

ROLE_FIELDS = [Membership.role_field(role) for role in Role.values]


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    url_prefix = "organisationer"
    icon = "group"
    menu_label = _("Organisationer")
    list_display = ["name", "kind", "cvr", "city"]
    list_filter = ["kind"]
    search_fields = ["name", "cvr", "city"]
    list_export = ["name", "kind", "cvr", "address", "postcode", "city", "email", "phone"]
    export_filename = "organisationer"
    form_fields = [
        "name",
        "kind",
        "cvr",
        "address",
        "postcode",
        "city",
        "email",
        "phone",
        "website",
    ]


class DepartmentViewSet(ModelViewSet):
    model = Department
    url_prefix = "afdelinger"
    icon = "home"
    menu_label = _("Afdelinger")
    list_display = ["number", "name", "organisation", "homes"]
    list_filter = ["organisation"]
    search_fields = ["number", "name", "city"]
    list_export = ["organisation", "number", "name", "address", "postcode", "city", "homes"]
    export_filename = "afdelinger"
    form_fields = ["organisation", "number", "name", "address", "postcode", "city", "homes"]

    def get_index_view_kwargs(self, **kwargs: Any) -> Any:
        # The listing shows related names: load them with the rows, not one query per row.
        return super().get_index_view_kwargs(queryset=selectors.departments_for_admin(), **kwargs)


class MembershipCreateView(CreateView):
    def save_instance(self) -> Membership:
        data = self.form.cleaned_data
        return services.membership_create(
            user=data["user"],
            organisation=data["organisation"],
            roles=[role for role in Role.values if data.get(Membership.role_field(role))],
            department=data.get("department"),
            job_function=data.get("job_function"),
            title=data.get("title", ""),
            actor=self.request.user,
        )


class MembershipEditView(EditView):
    def save_instance(self) -> Membership:
        data = self.form.cleaned_data
        return services.membership_update(
            membership=self.form.save(commit=False),
            roles=[role for role in Role.values if data.get(Membership.role_field(role))],
            actor=self.request.user,
        )


class MembershipViewSet(ModelViewSet):
    model = Membership
    url_prefix = "medlemskaber"
    icon = "user"
    menu_label = _("Medlemskaber")
    add_view_class = MembershipCreateView
    edit_view_class = MembershipEditView
    list_display = ["user", "organisation", "job_function", "department", "is_active"]
    list_filter = ["organisation", "job_function", "is_active", *ROLE_FIELDS]
    search_fields = ["user__email", "user__first_name", "user__last_name", "organisation__name"]
    list_export = ["user", "organisation", "department", "job_function", "title", *ROLE_FIELDS]
    export_filename = "medlemskaber"
    form_fields = [
        "user",
        "organisation",
        "department",
        "job_function",
        "title",
        *ROLE_FIELDS,
        "is_active",
    ]
    copy_view_enabled = False

    def get_index_view_kwargs(self, **kwargs: Any) -> Any:
        # The listing shows related names: load them with the rows, not one query per row.
        return super().get_index_view_kwargs(queryset=selectors.memberships_for_admin(), **kwargs)


class JobFunctionViewSet(ModelViewSet):
    model = JobFunction
    url_prefix = "funktioner"
    icon = "tag"
    menu_label = _("Funktioner")
    list_display = ["name", "code", "sort_order"]
    search_fields = ["name", "code"]
    form_fields = ["name", "code", "description", "sort_order"]


class InvitationViewSet(ModelViewSet):
    """Read-only overview: invitations are sent by HR and managers from the site itself."""

    model = Invitation
    url_prefix = "invitationer"
    icon = "mail"
    menu_label = _("Invitationer")
    list_display = ["email", "organisation", "status_label", "created_at", "expires_at"]
    list_filter = ["organisation"]
    search_fields = ["email", "organisation__name"]
    list_export = ["email", "organisation", "roles", "created_at", "expires_at", "accepted_at"]
    export_filename = "invitationer"
    form_fields = ["expires_at"]
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_index_view_kwargs(self, **kwargs: Any) -> Any:
        # The listing shows related names: load them with the rows, not one query per row.
        return super().get_index_view_kwargs(queryset=selectors.invitations_for_admin(), **kwargs)


class OrganisationsGroup(ModelViewSetGroup):
    menu_label = _("Organisationer")
    menu_icon = "group"
    menu_order = 200
    items = (
        OrganisationViewSet,
        DepartmentViewSet,
        MembershipViewSet,
        JobFunctionViewSet,
        InvitationViewSet,
        IdentityProviderViewSet,
    )


@hooks.register("register_admin_viewset")
def register_organisations_viewsets() -> ModelViewSetGroup:
    return OrganisationsGroup()


@hooks.register("register_log_actions")
def register_organisation_log_actions(actions: Any) -> None:
    actions.register_action("lms.invitation.create", _("Invitation sendt"), _("Invitation sendt"))
    actions.register_action(
        "lms.invitation.accept", _("Invitation accepteret"), _("Invitation accepteret")
    )
    actions.register_action(
        "lms.invitation.revoke", _("Invitation trukket tilbage"), _("Invitation trukket tilbage")
    )
    actions.register_action("lms.membership.roles", _("Roller ændret"), _("Roller ændret"))
    # Single sign-on (organisations.sso.services): a first login through an identity provider.
    actions.register_action(
        "lms.sso.link", _("Forbundet med single sign-on"), _("Forbundet med single sign-on")
    )
    actions.register_action(
        "lms.sso.create", _("Oprettet ved single sign-on"), _("Oprettet ved single sign-on")
    )
    # The HR import of people (organisations.people_import): one entry per step of an import.
    for action, label in (
        ("lms.people_import.create", _("Personimport indlæst til forhåndsvisning")),
        ("lms.people_import.fix", _("Række i personimport rettet")),
        ("lms.people_import.confirm", _("Personimport bekræftet")),
        ("lms.people_import.resume", _("Personimport fortsat")),
        ("lms.people_import.cancel", _("Personimport annulleret")),
        ("lms.people_import.apply", _("Personimport gennemført")),
        ("lms.people.upsert", _("Personer opdateret via API")),
    ):
        actions.register_action(action, label, label)
