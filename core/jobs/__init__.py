"""Exports as background jobs: every file that may take long to build (a spreadsheet of every
gap, a ZIP of a session's certificates) is made by a Celery task, not in the request.

The request that asks for one creates an :class:`~core.jobs.models.ExportJob` and answers at once
with the job's page; the page shows a progress bar and, when the file is ready, a download link
that only the person who asked can use. Apps register their kinds of export at start-up in
``<app>/export_jobs.py`` (:func:`core.jobs.registry.register_export`), like ``<app>/privacy.py``:
the kernel imports no app, and each kind brings its own access check, which runs when the job is
started, again when it is built in the worker, and again when the file is downloaded.
"""
