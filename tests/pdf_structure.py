"""What a screen reader and an archive need from our PDFs, read by a PDF library (pypdf).

Shared by the certificate and competence-plan tests: a tagged PDF (``/MarkInfo /Marked true``
and a structure tree), the document language, a title shown in the window, alt text on the
figures, and the PDF/A identification in the XMP metadata.
"""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from pypdf.generic import DictionaryObject


def _struct_elements(node: object):  # type: ignore[no-untyped-def]
    node = getattr(node, "get_object", lambda: node)()
    if isinstance(node, DictionaryObject):
        if node.get("/Type") == "/StructElem" or "/S" in node:
            yield node
        kids = node.get("/K")
        if kids is not None:
            yield from _struct_elements(kids)
    elif isinstance(node, list):
        for kid in node:
            yield from _struct_elements(kid)


def read_pdf(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data))


def assert_accessible_pdf(data: bytes, *, title: str) -> dict[str, list[str]]:
    """Assert the structure; return the structure tags with their alt texts (``{"/Figure": [...]}``)."""
    reader = read_pdf(data)
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "da"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata is not None and reader.metadata.title == title
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part="3"', xmp) and re.search(r'pdfaid:conformance="A"', xmp)
    tags: dict[str, list[str]] = {}
    for element in _struct_elements(catalog["/StructTreeRoot"]):
        tags.setdefault(str(element["/S"]), []).append(str(element.get("/Alt", "")))
    # Every figure has a text alternative; decoration is an artifact, not an empty figure.
    assert all(tags.get("/Figure", [])), tags.get("/Figure")
    return tags
