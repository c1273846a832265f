"""Reads of a project's effect indicators: their measurements, progress and charts."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from core.charts import Chart, Series, format_value, line_chart
from core.formats import short_date
from onsite.models import (
    BuildingProject,
    EffectIndicator,
    Measurement,
)

# --- Indicators and their progress --------------------------------------------------------

HUNDRED = Decimal(100)


def progress_percent(baseline: Decimal, target: Decimal, latest: Decimal | None) -> Decimal | None:
    """How far the latest measurement has come from the baseline towards the target, in %.

    0 % is the baseline, 100 % the target; it may fall below 0 (worse than at the start) or
    pass 100 (better than the target). None without a measurement or with no distance to go.
    """
    if latest is None or target == baseline:
        return None
    share = (Decimal(latest) - baseline) / (target - baseline) * HUNDRED
    return share.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def progress_label(percent: Decimal | None) -> str:
    """The status as words (never by colour alone)."""
    if percent is None:
        return _("Ikke målt endnu")
    if percent >= HUNDRED:
        return _("Målet er nået")
    if percent > 0:
        return _("På vej mod målet")
    return _("Ingen fremgang endnu")


def project_indicators(project: BuildingProject) -> list[EffectIndicator]:
    """The project's indicators, each with ``measurement_list`` (oldest first), ``latest``,
    ``progress`` and ``status_label``; two queries however many there are."""
    indicators: list[EffectIndicator] = list(
        project.indicators.order_by("sort_order", "pk").prefetch_related(
            Prefetch(
                "measurements",
                queryset=Measurement.objects.order_by("measured_on", "pk"),
                to_attr="measurement_list",
            )
        )
    )
    for indicator in indicators:
        measurements: list[Measurement] = indicator.measurement_list  # type: ignore[attr-defined]
        latest = measurements[-1] if measurements else None
        indicator.latest = latest  # type: ignore[attr-defined]
        indicator.progress = progress_percent(  # type: ignore[attr-defined]
            indicator.baseline, indicator.target, latest.value if latest else None
        )
        indicator.status_label = progress_label(indicator.progress)  # type: ignore[attr-defined]
    return indicators


def display_unit(unit: str) -> str:
    """The unit to write after a value: "antal" (a count) is left out, "27" says it."""
    return "" if unit.strip().lower() in ("antal", "stk.", "stk") else unit.strip()


def indicator_chart(indicator: EffectIndicator, *, chart_id: str | None = None) -> Chart:
    """A line chart of the indicator's measurements with its baseline and target."""
    measurements = indicator.measurement_list  # type: ignore[attr-defined]
    unit = display_unit(indicator.unit)
    description = _(
        "%(name)s målt %(count)s gange. Udgangspunkt %(baseline)s, mål %(target)s%(latest)s."
    ) % {
        "name": indicator.name,
        "count": len(measurements),
        "baseline": format_value(indicator.baseline, unit),
        "target": format_value(indicator.target, unit),
        "latest": (
            _(", seneste måling %(value)s") % {"value": format_value(measurements[-1].value, unit)}
            if measurements
            else ""
        ),
    }
    return line_chart(
        title=indicator.name,
        description=description,
        labels=[short_date(m.measured_on) for m in measurements],
        series=[Series(indicator.name, [m.value for m in measurements])],
        unit=unit,
        y_min=None if _has_negative(indicator, measurements) else 0,
        baseline=indicator.baseline,
        target=indicator.target,
        label_heading=_("Dato"),
        chart_id=chart_id,
    )


def _has_negative(indicator: EffectIndicator, measurements: list[Measurement]) -> bool:
    values = [indicator.baseline, indicator.target, *(m.value for m in measurements)]
    return any(value < 0 for value in values)


def measurement_count(indicator: EffectIndicator) -> int:
    """How many measurements deleting the indicator takes with it."""
    return indicator.measurements.count()
