"""A learner's answers to a module's checklist, reflection questions or tool: the block's own
page (form, history), an earlier version, and the PDF. The module page shows the same form
inline and posts it here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.safety import int_or_none
from core.views import service_refusal
from courses import access, selectors
from courses.blocks import sheet_form_prefix
from courses.selectors.module_sheets import SheetBlock, get_sheet_block
from courses.services.module_sheets import module_sheet_save
from organisations.access import me
from tools.forms import SheetForm
from tools.pdf import sheet_filename, sheet_pdf
from tools.selectors import answers_for_display, history_rows, sheet_version, sheet_versions


def _form(request: HttpRequest, block: SheetBlock) -> SheetForm:
    return SheetForm(
        block.schema,
        request.POST if request.method == "POST" else None,
        initial_answers=block.answers,
        base_version=block.version,
        prefix=sheet_form_prefix(block.block_id),
    )


def _history(block: SheetBlock) -> list[dict[str, object]]:
    if block.own is None:
        return []
    own = block.own

    def url(number: int) -> str:
        return reverse("module_sheet_version", args=[own.pk, number])

    return history_rows(own.sheet, sheet_versions(own.sheet), url)


@login_required
@require_http_methods(["GET", "POST"])
def module_sheet(request: HttpRequest, module_pk: int, block_id: str) -> HttpResponse:
    module = selectors.get_live_module(module_pk)
    block = get_sheet_block(request.user, module, block_id)
    form = _form(request, block)
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            module_sheet_save(
                user=me(request),
                module=module,
                block_id=block.block_id,
                answers=form.answers(),
                base_version=form.cleaned_data["base_version"],
            )
        if not refused:
            messages.success(request, _("Dine svar er gemt."))
            return redirect(f"{module.url}#blok-{block.block_id}")
        # Someone (the learner in another tab) saved since: keep the answers, and let a second
        # press save them over the newer version knowingly.
        data = request.POST.copy()
        data[form.add_prefix("base_version")] = str(block.version)
        form.data = data
    context = {
        # Not "block": Django's {% block %} tag takes that name inside the template.
        "sheet_block": block,
        "form": form,
        "history": _history(block),
        "rows": answers_for_display(block.schema, block.answers),
    }
    return render(request, "courses/module_sheet.html", context)


@login_required
@require_GET
def module_sheet_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    own = access.get_module_sheet_for(request.user, pk)
    version = sheet_version(own.sheet, number)
    if version is None:
        raise Http404
    context = {
        "own": own,
        "version": version,
        "rows": answers_for_display(own.sheet.schema, version.data),
    }
    return render(request, "courses/module_sheet_version.html", context)


@login_required
@require_GET
def module_sheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    own = access.get_module_sheet_for(request.user, pk)
    number = int_or_none(request.GET.get("version"))
    data = None
    lines_version: list[tuple[str, str]] = []
    if number is not None:
        version = sheet_version(own.sheet, number)
        if version is None:
            raise Http404
        data = version.data
        lines_version = [(_("Version"), str(number))]
    course = own.module.get_parent()
    lines = [
        (_("Deltager"), me(request).name),
        (_("Kursus"), course.title),
        (_("Modul"), own.module.title),
        *lines_version,
    ]
    body = sheet_pdf(sheet=own.sheet, heading=own.sheet.title, lines=lines, data=data)
    response = HttpResponse(body, content_type="application/pdf")
    filename = sheet_filename(own.sheet, number)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
