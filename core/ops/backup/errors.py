"""The one error a backup or restore raises when it refuses: the message says why, in Danish."""

from django.core.management.base import CommandError


class BackupRefused(CommandError):
    """Refused before anything changed (or, for a backup, before anything was written)."""
