"""A reused two-factor code is called that, not a wrong code with a clock to check (issue 18).

allauth refuses a TOTP code the second time within its period; it used to say "Forkert kode.
Tjek uret på din telefon", and people looked for a clock fault that was not there.
"""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from organisations import demo
from tests.organisations.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/konto/login/"
REUSED = "Koden er allerede brugt"
WRONG = "Tjek uret på din telefon"


def _password_step(client, person) -> None:
    response = client.post(LOGIN, {"login": person.email, "password": PASSWORD})
    assert response["Location"].startswith(reverse("mfa_authenticate"))


def test_a_code_used_once_is_refused_as_already_used(client, alice):
    code = demo.current_totp_code()
    _password_step(client, alice)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    client.post(reverse("account_logout"))

    _password_step(client, alice)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    page = response.content.decode()
    assert REUSED in page
    assert WRONG not in page


def test_a_wrong_code_still_points_to_the_clock(client, alice):
    code = demo.current_totp_code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    _password_step(client, alice)
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    page = response.content.decode()
    assert response.status_code == 200
    assert WRONG in page
    assert REUSED not in page


def test_reauthentication_tells_a_reused_code_too(client, alice):
    code = demo.current_totp_code()
    _password_step(client, alice)
    client.post(reverse("mfa_authenticate"), {"code": code})
    response = client.post(reverse("mfa_reauthenticate"), {"code": code})
    assert response.status_code == 200
    assert REUSED in response.content.decode()
