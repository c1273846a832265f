"""Private storage: files that are never served by URL, only by views that ask an access policy."""

from django.core.files.storage import Storage, storages


def private_storage() -> Storage:
    """The storage for private files (``STORAGES["private"]``), resolved when it is used, so
    tests and deployments can change it through settings."""
    return storages["private"]
