"""Typed access to environment variables.

Every setting that differs between machines is read here, once, and a bad value stops the process
with ``ImproperlyConfigured`` instead of surfacing later as a confusing runtime error.
"""

from __future__ import annotations

import os
from typing import cast

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_MISSING = object()


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return value.strip() if value is not None else None


def env_str(name: str, default: str | object = _MISSING) -> str:
    """Return the variable as a string; without a default a missing variable is an error."""
    value = _raw(name)
    if value:
        return value
    if default is _MISSING:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return str(default)


def env_optional(name: str) -> str | None:
    """Return the variable, or None when it is unset or empty."""
    return _raw(name) or None


def env_bool(name: str, default: bool) -> bool:
    """Return a boolean; only clear spellings (1/0, true/false, yes/no, on/off) are accepted."""
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true or false).")


def env_int(name: str, default: int) -> int:
    """Return an integer, refusing anything that is not one."""
    value = _raw(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from exc


def env_list(name: str, default: list[str] | object = _MISSING) -> list[str]:
    """Return a comma-separated list with blanks removed; without a default it must be set."""
    value = _raw(name)
    if value:
        return [item.strip() for item in value.split(",") if item.strip()]
    if default is _MISSING:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return list(cast("list[str]", default))


def checked_base_url(name: str, value: str) -> str:
    """Return ``value`` as ``scheme://host[:port]`` if it is a site's public address.

    Refuses anything else (another scheme, a path, a wildcard host): every absolute link the
    site writes starts with it, so a bad value would break links in e-mails nobody tests.
    """
    from urllib.parse import urlsplit

    parts = urlsplit(value.strip().rstrip("/"))
    try:
        parts.port  # noqa: B018 (raises ValueError on a bad port)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} has a bad port.") from exc
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or "*" in parts.netloc
        or parts.path
        or parts.query
        or parts.fragment
    ):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a site address such as https://almenlaering.dk "
            "(http or https, a host, an optional port, nothing after)."
        )
    return f"{parts.scheme}://{parts.netloc}"


def checked_choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``choices``, else stop with the choices named."""
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} is not one of: {', '.join(choices)}.")
    return value
