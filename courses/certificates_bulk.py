"""Certificates in bulk: one ZIP of PDFs, built by a background job (``courses.export_jobs``).

Two scopes a real user needs: a provider's editor (or the network) takes every certificate of a
session after the course day, to hand out or file; HR takes their organisation's people's
certificates of one year, for the personnel files (a manager: their department's people — the
same people ``courses.access.certificates_for_download`` lets them fetch one at a time).

Which certificates: revoked ones are left out (the PDF would state what is no longer true; the
public page says it is revoked); expired ones are kept (they were earned, and the PDF prints the
expiry date). An erased person's certificates are gone with their erasure (``courses.privacy``),
so no ZIP built afterwards holds them.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable
from typing import IO, Any

from django.db.models import QuerySet

from core.slugs import danish_slugify
from courses import access
from courses.certificates import certificate_pdf
from courses.models import Certificate, CourseSession

# Spool up to this much in memory, then to a temporary file: a ZIP of 2,000 PDFs stays off RAM.
SPOOL_BYTES = 8 * 1024 * 1024


def _valid(certificates: QuerySet[Certificate]) -> QuerySet[Certificate]:
    return (
        certificates.filter(revoked_at__isnull=True)
        .select_related("enrolment")
        .order_by("person_name", "course_title", "pk")
    )


def session_certificates(session: CourseSession) -> QuerySet[Certificate]:
    """The session's certificates that are not revoked, by person's name."""
    return _valid(Certificate.objects.filter(enrolment__session=session))


def organisation_certificates(user: Any, organisation_id: int, year: int) -> QuerySet[Certificate]:
    """Certificates of courses completed in ``year`` by people of the organisation that ``user``
    may download (HR: everybody; a manager: their department), not revoked."""
    allowed = access.certificates_for_download(user).values("pk")
    return _valid(
        Certificate.objects.filter(
            pk__in=allowed, enrolment__organisation_id=organisation_id, completed_on__year=year
        )
    )


def pdf_name(certificate: Certificate) -> str:
    """Named by person and course; the code tells two certificates of the same course apart."""
    person = danish_slugify(certificate.person_name) or "person"
    course = danish_slugify(certificate.course_title)[:60] or "kursus"
    return f"{person}-{course}-{certificate.code}.pdf"


def certificates_zip(
    certificates: QuerySet[Certificate], progress: Callable[[int, int], None]
) -> tuple[IO[bytes], list[Certificate]]:
    """A ZIP of one PDF per certificate, in a temporary file (positioned at its start), and the
    certificates it holds. ``progress(done, total)`` is called after each PDF."""
    found = list(certificates)
    total = len(found)
    progress(0, total)
    archive_file: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    with zipfile.ZipFile(archive_file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, certificate in enumerate(found, start=1):
            archive.writestr(pdf_name(certificate), certificate_pdf(certificate))
            progress(done, total)
    archive_file.seek(0)
    return archive_file, found
