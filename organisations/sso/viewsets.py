"""The admin of organisations' identity providers (registered by organisations.wagtail_hooks).

Only the network secretariat (network editors) and superusers: an identity provider decides who
may log in as whom in an organisation, and where people are sent from the login page. The
client secret is written, never shown back: the field is empty on the edit form (left empty, the
stored secret stays), and no listing, export or inspect page has it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from organisations.access import is_network_editor
from organisations.models import IdentityProvider, User
from organisations.sso.forms import IdentityProviderForm


class NetworkSecretariatPolicy(ModelPermissionPolicy):
    """Every action on the model for network editors and superusers; nothing for others."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        return bool(user.is_active and is_network_editor(user))

    def users_with_any_permission(self, actions: Any) -> QuerySet[User]:
        network = Q(memberships__role_network_editor=True, memberships__is_active=True)
        return User.objects.filter(Q(is_superuser=True) | network, is_active=True).distinct()


register_permission_policy(
    IdentityProvider, NetworkSecretariatPolicy(IdentityProvider), exact_class=True
)

HELP = _(
    "Udbyderen skal være en rigtig OpenID Connect-tenant (fx organisationens Microsoft Entra "
    "ID). Når den er aktiv, sendes alle med organisationens e-maildomæner dertil fra log "
    "ind-siden, så slå den først til, når app-registreringen virker: ved gem hentes udstederens "
    "discovery-dokument for at prøve adressen."
)


class IdentityProviderViewSet(ModelViewSet):
    model = IdentityProvider
    url_prefix = "identitetsudbydere"
    icon = "key"
    menu_label = _("Single sign-on")
    list_display = ["organisation", "name", "issuer", "is_enabled", "require_sso"]
    list_filter = ["is_enabled", "require_sso", "trust_idp_mfa"]
    search_fields = ["organisation__name", "name", "issuer", "domains__domain"]
    # Never the client secret.
    list_export = ["organisation", "name", "issuer", "client_id", "is_enabled", "require_sso"]
    export_filename = "identitetsudbydere"
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            FieldPanel("name"),
            FieldPanel("issuer"),
            FieldRowPanel(
                [
                    FieldPanel("client_id"),
                    # Written, never shown back (also not on a form with errors).
                    FieldPanel(
                        "client_secret",
                        widget=forms.PasswordInput(
                            render_value=False, attrs={"autocomplete": "new-password"}
                        ),
                    ),
                ]
            ),
            InlinePanel(
                "domains",
                heading=_("E-maildomæner"),
                label=_("Domæne"),
                help_text=_(
                    "Personer med en e-mailadresse på disse domæner sendes til "
                    "identitetsudbyderen fra log ind-siden. Et domæne kan kun høre til én "
                    "organisation."
                ),
            ),
            FieldPanel("is_enabled"),
            FieldPanel("require_sso"),
            FieldPanel("trust_idp_mfa"),
        ],
        base_form_class=IdentityProviderForm,
        help_text=HELP,
    )

    def get_index_view_kwargs(self, **kwargs: Any) -> Any:
        # The listing shows the organisation: load it with the rows, not one query per row.
        rows = IdentityProvider.objects.select_related("organisation")
        return super().get_index_view_kwargs(queryset=rows, **kwargs)
