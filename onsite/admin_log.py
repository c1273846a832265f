"""Wagtail hooks of the learning log (log actions of projects and entries)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogActionRegistry

LOG_ACTIONS = (
    ("onsite.project.create", _("Byggesag oprettet")),
    ("onsite.party.create", _("Byggepart tilføjet")),
    ("onsite.party.update", _("Byggepart ændret")),
    ("onsite.party.remove", _("Byggepart fjernet")),
    ("onsite.member.add", _("Deltager tilføjet byggesagen")),
    ("onsite.member.update", _("Deltager på byggesagen ændret")),
    ("onsite.member.remove", _("Deltager fjernet fra byggesagen")),
    ("onsite.invitation.create", _("Invitation til byggesag sendt")),
    ("onsite.invitation.accept", _("Invitation til byggesag accepteret")),
    ("onsite.invitation.revoke", _("Invitation til byggesag trukket tilbage")),
    ("onsite.entry.create", _("Logindlæg oprettet")),
    ("onsite.entry.update", _("Logindlæg rettet")),
    ("onsite.entry.submit", _("Logindlæg indsendt")),
    ("onsite.entry.approve", _("Logindlæg godkendt")),
    ("onsite.entry.return", _("Logindlæg sendt retur")),
    ("onsite.entry.cosign", _("Logindlæg medunderskrevet")),
    ("onsite.entry.revise", _("Logindlæg revideret")),
)


@hooks.register("register_log_actions")
def register_onsite_log_actions(actions: LogActionRegistry) -> None:
    for action, label in LOG_ACTIONS:
        actions.register_action(action, label, label)
