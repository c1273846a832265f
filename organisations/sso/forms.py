"""Forms of single sign-on: the login page's e-mail step, and the identity provider's admin."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from core.site_url import absolute_url
from organisations.models import IdentityProvider, IdentityProviderDomain
from organisations.sso import discovery, flows, selectors

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class LoginForm(AllauthLoginForm):
    """allauth's login form, e-mail first.

    An address whose domain has single sign-on is sent to its organisation's identity provider
    without a password (and always, where the organisation requires single sign-on). Any other
    address needs the password, as before. Which way an address goes depends on its domain
    alone, so the form tells nobody whether a person has an account.
    """

    sso_provider: IdentityProvider | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "password" in self.fields:
            # Not required in the HTML: an address of a single sign-on domain is enough.
            self.fields["password"].required = False

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = self.cleaned_data
        email = data.get("login") or ""
        password = data.get("password") or ""
        if email and not self.errors:
            provider = selectors.provider_for_email(email)
            if provider is not None and (not password or provider.require_sso):
                self.sso_provider = provider
                return data
            if not password:
                self.add_error("password", _("Skriv din adgangskode."))
                return data
        cleaned: dict[str, Any] = super().clean()
        return cleaned

    def login(self, request: HttpRequest, redirect_url: str | None = None) -> HttpResponse:
        if self.sso_provider is not None:
            return flows.start_login(
                request,
                self.sso_provider,
                login_hint=self.cleaned_data["login"],
                next_url=redirect_url,
            )
        response: HttpResponse = super().login(request, redirect_url=redirect_url)
        return response


def issuer_allows_http(issuer: str) -> bool:
    """http:// only on this machine's loopback, and only in development and the tests (the
    local identity provider of the tests)."""
    parts = urlsplit(issuer)
    allowed = settings.DEBUG or settings.LMS_SSO_ALLOW_LOOPBACK_HTTP
    return bool(allowed and parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS)


def _lower_case_domains(data: Any) -> Any:
    """The posted data with the domains in lower case and trimmed: "Fjordbo.DK " is the
    domain fjordbo.dk, not an error (the model stores and matches domains in lower case)."""
    data = data.copy()
    for key in list(data.keys()):
        if key.startswith("domains-") and key.endswith("-domain"):
            data[key] = str(data.get(key, "")).strip().lower()
    return data


class IdentityProviderForm(WagtailAdminModelForm):
    """The admin's form: a secret that is never shown again, an issuer that answers, and
    e-mail domains that belong to no other organisation."""

    secret_kept_help = gettext_lazy(
        "Hemmeligheden er gemt og vises ikke igen. Lad feltet stå tomt for at beholde den, "
        "eller skriv en ny."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("data") is not None:
            kwargs["data"] = _lower_case_domains(kwargs["data"])
        super().__init__(*args, **kwargs)
        secret = self.fields.get("client_secret")
        if secret is not None and self.instance.pk:
            secret.required = False
            secret.help_text = self.secret_kept_help
        client_id = self.fields.get("client_id")
        if client_id is not None:
            client_id.help_text = self._redirect_uri_help()

    def _redirect_uri_help(self) -> str:
        """Where the app registration at the identity provider must send people back."""
        if not self.instance.pk:
            return _(
                "Fra app-registreringen hos identitetsudbyderen. Redirect URI'en, der skal "
                "registreres der, vises her, når udbyderen er gemt."
            )
        path = reverse(
            "openid_connect_callback",
            kwargs={"provider_id": selectors.provider_id_for(self.instance.organisation_id)},
        )
        return _(
            "Fra app-registreringen hos identitetsudbyderen. Registrér denne redirect URI "
            "(platform: web): %(url)s"
        ) % {"url": absolute_url(path)}

    def clean_client_secret(self) -> str:
        value = str(self.cleaned_data.get("client_secret") or "").strip()
        if not value and self.instance.pk:
            # Read from the database: the form never had the secret to send back.
            stored = IdentityProvider.objects.filter(pk=self.instance.pk).values_list(
                "client_secret", flat=True
            )
            return stored.first() or ""
        return value

    def clean_issuer(self) -> str:
        issuer = str(self.cleaned_data.get("issuer") or "").strip()
        parts = urlsplit(issuer)
        if parts.query or parts.fragment:
            raise forms.ValidationError(_("Udstederen må ikke have ? eller # i adressen."))
        if parts.scheme != "https" and not issuer_allows_http(issuer):
            raise forms.ValidationError(
                _(
                    "Udstederen skal være en https://-adresse, fx https://login.microsoftonline.com/<tenant-id>/v2.0"
                )
            )
        return issuer

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        domains = self._check_domains()
        if cleaned.get("is_enabled") and not domains:
            self.add_error(
                "is_enabled",
                _("Tilføj mindst ét e-maildomæne, før identitetsudbyderen kan være aktiv."),
            )
        if cleaned.get("is_enabled") and cleaned.get("issuer") and not self.errors:
            try:
                discovery.check_issuer(cleaned["issuer"])
            except discovery.DiscoveryError as error:
                self.add_error("issuer", str(error))
        return cleaned

    def _check_domains(self) -> set[str]:
        """The domains the form keeps; a domain twice, or another organisation's, is marked
        beside its field."""
        formset = self.formsets.get("domains")
        if formset is None:
            return set()
        kept: set[str] = set()
        for form in formset.forms:
            form.is_valid()  # its own checks first: the domain's format, the constraint
            if formset._should_delete_form(form):
                continue
            domain = str(form.cleaned_data.get("domain") or "").lower()
            if not domain:
                continue
            if domain in kept:
                form.add_error("domain", _("Domænet står der allerede."))
                continue
            owner = self._owner_of(domain)
            if owner is not None:
                # The unique constraint said so too, but above the row: say it beside the field,
                # with the organisation's name.
                form.errors.pop(NON_FIELD_ERRORS, None)
                form.add_error(
                    "domain",
                    _("Domænet hører allerede til %(organisation)s.") % {"organisation": owner},
                )
                continue
            if not form.errors:
                kept.add(domain)
        return kept

    def _owner_of(self, domain: str) -> str | None:
        """The name of another organisation whose identity provider has ``domain``."""
        taken = IdentityProviderDomain.objects.filter(domain__iexact=domain)
        if self.instance.pk:
            taken = taken.exclude(provider_id=self.instance.pk)
        row = taken.select_related("provider__organisation").first()
        return row.provider.organisation.name if row is not None else None

    def save(self, commit: bool = True) -> IdentityProvider:
        instance: IdentityProvider = super().save(commit=commit)
        # A changed issuer (or a fixed one) is read afresh at the next login.
        for issuer in {self.initial.get("issuer") or "", instance.issuer} - {""}:
            discovery.forget_document(issuer)
        return instance
