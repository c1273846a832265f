"""Backups that restore (issue 17): ``manage.py backup`` and ``manage.py restore``.

``service`` holds the two operations, ``database`` the PostgreSQL side (one snapshot for the dump
and its counts), ``media`` the storages (through Django's storage API, so disk and bucket alike),
``manifest`` the manifest and the checks a restore makes before it changes anything, ``rows``
the export of one deleted object's rows from a restored copy (``manage.py rows_export``).
"""
