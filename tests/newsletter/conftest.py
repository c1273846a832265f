"""Shared helpers of the newsletter tests: the stored e-mails and the links in them."""

from __future__ import annotations

import re

from core.mail.models import OutboundEmail

LINK = re.compile(r"http://testserver(/nyhedsbrev/[\w-]+/[^\s\"<]+/)")


def mails_to(address: str) -> list[OutboundEmail]:
    return [m for m in OutboundEmail.objects.order_by("pk") if address in m.to]


def link_in(mail: OutboundEmail, kind: str) -> str:
    """The path of the first /nyhedsbrev/<kind>/<token>/ link in the mail's text part."""
    for match in LINK.finditer(mail.body):
        if match.group(1).startswith(f"/nyhedsbrev/{kind}/"):
            return match.group(1)
    raise AssertionError(f"no {kind} link in {mail.body!r}")
