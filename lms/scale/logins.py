"""Who the load profile logs in as: the people ``seed_scale`` makes for it, known by their e-mail.

The scale data set is generated, so nobody could otherwise know a password in it. These people
are the only ones with a usable password; everybody else in the set has an unusable one, like
a person who was invited and has not yet chosen one. Those in a role that needs two-factor
(``LMS_TWO_FACTOR_ROLES``) have TOTP on with one shared secret, so that the profile logs in
through the real login, second step included, by computing the code as an authenticator app
would. Never use these values outside a scale database: ``seed_scale`` refuses to run on a
database that holds anything but its own data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

EMAIL_DOMAIN: Final = "skala.almen.test"
PASSWORD: Final = "Skala-profil-2026!"
# Base32, 32 characters (160 bits) like the secrets allauth makes.
TOTP_SECRET: Final = "ALMENSKALATOTPSECRETKEY234567ABC"

# The load profile's journeys, each logging in as a different person per simulated user.
ROLES: Final = ("learner", "manager", "hr", "project_leader", "provider_editor")
# Enough that 100 simulated users never share a login (TOTP codes may not be reused).
PER_ROLE: Final = {"s": 10, "m": 40, "xl": 40}


@dataclass(frozen=True)
class ScaleLogin:
    role: str
    number: int

    @property
    def email(self) -> str:
        return login_email(self.role, self.number)

    @property
    def password(self) -> str:
        return PASSWORD


def login_email(role: str, number: int) -> str:
    """``hr-007@skala.almen.test``: the role with dashes, then a three-digit number from 1."""
    if role not in ROLES:
        raise ValueError(f"unknown scale role {role!r}")
    return f"{role.replace('_', '-')}-{number:03d}@{EMAIL_DOMAIN}"


def scale_logins(role: str, size: str) -> list[ScaleLogin]:
    """The logins ``seed_scale --size size`` made for one role, in number order."""
    return [ScaleLogin(role, n) for n in range(1, PER_ROLE[size] + 1)]
