"""Server-rendered, accessible SVG charts: a line chart and a bar chart.

No JavaScript and no third-party requests. Every chart is an SVG with ``role="img"``, a
``<title>`` and a ``<desc>`` (referenced by ``aria-labelledby``) and comes with the same figures
as a table, so a screen reader (and anybody printing in greyscale) gets every number. Series
differ by dash pattern and marker shape, bars by shade and hatching, and each value is also
written as text: nothing is told by colour alone.

Usage (in a view; pass ``chart`` to the template and write ``{{ chart.html }}``)::

    from core.charts import Series, line_chart

    chart = line_chart(
        title=_("Dækning over tid"),
        description=_("Andel af kravene, der er opfyldt, ved hver månedsafslutning."),
        labels=[short_date(day) for day in days],  # core.formats: "31. jan. 2026"
        series=[Series(_("Dækning"), [Decimal("61"), Decimal("64")])],
        unit="%",
        y_max=100,
        baseline=Decimal("55"),  # optional, drawn as a labelled dotted line
        target=Decimal("80"),  # optional, drawn as a labelled dashed line
    )
    chart.svg  # the <svg> alone (SafeString)
    chart.table_html  # the <table> alone (SafeString)
    chart.html  # <figure> with both: what a page normally shows

    bar_chart(title=..., description=..., labels=["Timer", "Budget"],
              series=[Series(_("Planlagt"), [...]), Series(_("Brugt"), [...])])

Values are ``int``, ``float`` or ``Decimal``; ``None`` is a missing value (a gap in the line,
no bar, "–" in the table). Numbers are formatted for the active language (Danish: ``1.234,5``).
Labels are text: write dates with ``core.formats`` (``short_date`` for days, ``month`` for
months: "31. jan. 2026", "jan. 2026"), never with ``strftime`` or Django's "M" (English "Jan").
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

Number = int | float | Decimal

# Canvas (viewBox units); the SVG scales to its container's width, down to a 375 px phone.
WIDTH, HEIGHT = 520, 280
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 64, 40, 20, 56
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
INK = "#212529"  # text and axes (Bootstrap body colour)
GRID = "#dee2e6"

# Line series: dark, distinct colours (all ≥ 4.5:1 on white) that also differ by dash and marker.
LINE_STYLES = (
    ("#0b5394", "", "circle"),
    ("#7a0c0c", "8 4", "square"),
    ("#38761d", "2 3", "triangle"),
    ("#5b2c83", "12 4 2 4", "diamond"),
)
# Bar series: shades that stay distinct in greyscale; every second one is hatched as well.
BAR_STYLES = (("#0b5394", False), ("#9fc5e8", True), ("#38761d", False), ("#b6d7a8", True))
BASELINE_DASH, TARGET_DASH = "2 4", "10 5"


@dataclass(frozen=True)
class Series:
    """One named row of values, one value per label (``None`` = no value)."""

    name: str
    values: Sequence[Number | None]


# A unit that is a scale of scores, such as "1–5" or "0-10".
SCALE_UNIT = re.compile(r"^\s*(\d+)\s*[–-]\s*(\d+)\s*$")


def format_value(value: Number | None, unit: str = "", decimals: int | None = None) -> str:
    """A value as text in the active language: ``1.234`` / ``61 %`` / ``–`` for no value."""
    if value is None:
        return "–"
    if decimals is None:
        decimals = 0 if Decimal(str(value)) == Decimal(str(value)).to_integral_value() else 1
    text = number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    if not unit:
        return text
    scale = SCALE_UNIT.match(unit)
    if scale:
        # A score on a scale ("1–5"): "3,2 af 5", not the unit glued on ("3,21–5").
        return _("%(value)s af %(top)s") % {"value": text, "top": scale.group(2)}
    # A no-break space: "113.200 kr." and "20 °C" never break across two lines.
    return f"{text}\u00a0{unit}"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round axis ticks from ``low`` to at least ``high`` (1, 2, 2.5 or 5 × a power of ten)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = [start]
    while ticks[-1] < high - 1e-9:
        ticks.append(ticks[-1] + step)
    return ticks


def new_chart_id() -> str:
    """A fresh id for a chart's elements (two charts on one page never share ids)."""
    return f"chart-{uuid.uuid4().hex[:10]}"


@dataclass
class Chart:
    """A rendered chart: ``svg``, ``table_html`` and ``html`` (figure with both)."""

    title: str
    description: str
    labels: list[str]
    series: list[Series]
    unit: str = ""
    decimals: int | None = None
    label_heading: str = ""
    extra_rows: list[tuple[str, list[Number | None]]] = field(default_factory=list)
    chart_id: str = field(default_factory=lambda: new_chart_id())
    body: str = ""  # the SVG's drawing (already escaped markup)

    @property
    def svg(self) -> SafeString:
        return format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" '
            'aria-labelledby="{id}-title {id}-desc" class="lms-chart-svg" width="100%" '
            'preserveAspectRatio="xMidYMid meet" font-family="{font}" font-size="14">'
            '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
            "{body}</svg>",
            w=WIDTH,
            h=HEIGHT,
            id=self.chart_id,
            font=FONT,
            title=self.title,
            desc=self.description,
            body=mark_safe(self.body),  # built from escaped parts below
        )

    @property
    def table_rows(self) -> list[tuple[str, list[str]]]:
        """(label, formatted values) per label; one column per series."""
        rows = [
            (label, [format_value(s.values[i], self.unit, self.decimals) for s in self.series])
            for i, label in enumerate(self.labels)
        ]
        rows += [
            (label, [format_value(v, self.unit, self.decimals) for v in values])
            for label, values in self.extra_rows
        ]
        return rows

    @property
    def table_html(self) -> SafeString:
        heads = format_html_join(
            "", '<th scope="col" class="text-end">{}</th>', ((s.name,) for s in self.series)
        )
        body = format_html_join(
            "",
            '<tr><th scope="row">{}</th>{}</tr>',
            (
                (label, format_html_join("", '<td class="text-end">{}</td>', ((v,) for v in vals)))
                for label, vals in self.table_rows
            ),
        )
        return format_html(
            # position-relative: nothing inside may widen the page on a phone.
            '<div class="table-responsive position-relative">'
            '<table class="table table-sm lms-chart-table" id="{}-table"><caption>{}</caption>'
            '<thead><tr><th scope="col">{}</th>{}</tr>'
            "</thead><tbody>{}</tbody></table></div>",
            self.chart_id,
            self.title,
            self.label_heading or _("Periode"),
            heads,
            body,
        )

    @cached_property
    def html(self) -> SafeString:
        return format_html(
            '<figure class="lms-chart" id="{}">{}{}</figure>',
            self.chart_id,
            self.svg,
            self.table_html,
        )

    def __html__(self) -> str:
        return self.html


# --- Drawing ------------------------------------------------------------------------------


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class _Frame:
    """The plot area and its value axis; the left margin makes room for the longest tick."""

    ticks: list[float]
    unit: str
    decimals: int | None
    top: float = MARGIN_TOP
    bottom: float = HEIGHT - MARGIN_BOTTOM
    right: float = WIDTH - MARGIN_RIGHT

    @classmethod
    def for_values(
        cls,
        values: list[float],
        y_min: Number | None,
        y_max: Number | None,
        unit: str,
        decimals: int | None,
    ) -> _Frame:
        low = float(y_min) if y_min is not None else min([0.0, *values])
        high = float(y_max) if y_max is not None else max([low + 1, *values])
        return cls(nice_ticks(low, high), unit, decimals)

    def tick_label(self, tick: float) -> str:
        return format_value(Decimal(str(round(tick, 6))), self.unit, self.decimals)

    @cached_property
    def left(self) -> float:
        longest = max(len(self.tick_label(tick)) for tick in self.ticks)
        return max(48.0, 14 + longest * 8)  # about 8 units per character at 14 px

    @property
    def width(self) -> float:
        return self.right - self.left

    def y(self, value: float) -> float:
        low, high = self.ticks[0], self.ticks[-1]
        value = min(max(value, low), high)
        return self.bottom - (value - low) / (high - low) * (self.bottom - self.top)

    def axis(self) -> str:
        return "".join(
            format_html(
                '<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="{grid}" stroke-width="1"/>'
                '<text x="{tx}" y="{ty}" text-anchor="end" fill="{ink}">{label}</text>',
                x1=_num(self.left),
                x2=_num(self.right),
                y=_num(self.y(tick)),
                grid=GRID,
                tx=_num(self.left - 6),
                ty=_num(self.y(tick) + 4),
                ink=INK,
                label=self.tick_label(tick),
            )
            for tick in self.ticks
        )

    def x_labels(self, labels: list[str], centres: list[float]) -> str:
        every = max(1, math.ceil(len(labels) / 5))  # room for about five labels on the axis
        return "".join(
            format_html(
                '<text x="{x}" y="{y}" text-anchor="middle" fill="{ink}">{label}</text>',
                x=_num(x),
                y=_num(self.bottom + 20),
                ink=INK,
                label=label,
            )
            for i, (label, x) in enumerate(zip(labels, centres, strict=True))
            if not i % every
        )

    def reference(self, value: Number, label: str, dash: str, spot: _LabelSpot) -> str:
        """A horizontal reference line (baseline or target), its label at ``spot``."""
        y = self.y(float(value))
        return format_html(
            '<g class="lms-chart-reference"><line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" '
            'stroke="{ink}" stroke-width="1.5" stroke-dasharray="{dash}"/><text x="{tx}" '
            'y="{ty}" text-anchor="{anchor}" fill="{ink}" font-size="12">{label}</text></g>',
            x1=_num(self.left),
            x2=_num(self.right),
            y=_num(y),
            tx=_num(spot.x),
            anchor=spot.anchor,
            ty=_num(spot.baseline),
            ink=INK,
            dash=dash,
            label=label,
        )


# --- Reference labels: placed where no line or other label runs through them ---------------

LABEL_CHAR_WIDTH, LABEL_ASCENT, LABEL_DESCENT = 7.0, 10.0, 3.0  # 12 px text, generously


@dataclass(frozen=True)
class _LabelSpot:
    x: float
    anchor: str  # SVG text-anchor: start, middle or end
    baseline: float

    def box(self, text: str) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) the text covers."""
        width = len(text) * LABEL_CHAR_WIDTH
        left = {"start": self.x, "middle": self.x - width / 2, "end": self.x - width}[self.anchor]
        return (left, self.baseline - LABEL_ASCENT, left + width, self.baseline + LABEL_DESCENT)


def _segment_hits_box(a: tuple[float, float], b: tuple[float, float], box: tuple) -> bool:
    """Whether the segment a–b passes through the box (Liang–Barsky clipping)."""
    left, top, right, bottom = box
    (x0, y0), (x1, y1) = a, b
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def _boxes_overlap(one: tuple, other: tuple) -> bool:
    return bool(one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3])


def _label_spot(
    frame: _Frame, y: float, text: str, at_start: bool, lines: list[list[tuple]], taken: list
) -> _LabelSpot:
    """Where a reference line's label goes: the first spot, along the line, above or below it,
    that no series line (with its markers) and no other label runs through.

    The baseline prefers the left end and the target the right end; a measurement that reaches
    the target at the last date would otherwise be drawn straight through "Mål: …".
    """
    ends = [(frame.left + 4, "start"), ((frame.left + frame.right) / 2, "middle")]
    ends.append((frame.right - 4, "end"))
    if not at_start:
        ends.reverse()
    spots = [
        _LabelSpot(x, anchor, baseline)
        for x, anchor in ends
        for baseline in (y - 4, y + 4 + LABEL_ASCENT)
        if frame.top <= baseline - LABEL_ASCENT and baseline + LABEL_DESCENT <= frame.bottom
    ] or [_LabelSpot(ends[0][0], ends[0][1], y - 4)]

    def collisions(spot: _LabelSpot) -> int:
        box = spot.box(text)
        # Markers reach 5 units beyond the point: grow the box by that much for the lines.
        grown = (box[0] - 5, box[1] - 5, box[2] + 5, box[3] + 5)
        hits = sum(
            _segment_hits_box(a, b, grown)
            for points in lines
            for a, b in zip(points, points[1:] or points, strict=False)
        )
        return hits + sum(_boxes_overlap(box, other) for other in taken)

    best = min(spots, key=collisions)  # the first of the least crowded, in order of preference
    taken.append(best.box(text))
    return best


def _marker(shape: str, x: float, y: float, colour: str, tooltip: str) -> str:
    corners = {
        "square": ((x - 4, y - 4), (x + 4, y - 4), (x + 4, y + 4), (x - 4, y + 4)),
        "triangle": ((x, y - 5), (x + 5, y + 4), (x - 5, y + 4)),
        "diamond": ((x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y)),
    }.get(shape)
    if corners:
        points = " ".join(f"{_num(px)},{_num(py)}" for px, py in corners)
        mark = format_html('<polygon points="{}" fill="{}"/>', points, colour)
    else:
        mark = format_html('<circle cx="{}" cy="{}" r="4" fill="{}"/>', _num(x), _num(y), colour)
    return format_html("<g><title>{}</title>{}</g>", tooltip, mark)


def _legend_x(index: int) -> float:
    return MARGIN_LEFT + index * 170


# --- Charts --------------------------------------------------------------------------------


def line_chart(
    *,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    decimals: int | None = None,
    y_min: Number | None = 0,
    y_max: Number | None = None,
    baseline: Number | None = None,
    target: Number | None = None,
    baseline_label: str | None = None,
    target_label: str | None = None,
    label_heading: str = "",
    chart_id: str | None = None,
) -> Chart:
    """Values over time: one line per series; optional baseline and target as reference lines.

    ``labels`` are the x-axis points (dates as text), oldest first, one value per label in
    each series. The baseline and target are drawn as labelled dotted / dashed lines and added
    to the table as rows of their own. ``y_min``/``y_max`` fix the axis (e.g. 0–100 for %).
    """
    labels, series = list(labels), list(series)
    chart_id = chart_id or new_chart_id()
    candidates = [
        (baseline, baseline_label or _("Udgangspunkt"), BASELINE_DASH, True),
        (target, target_label or _("Mål"), TARGET_DASH, False),
    ]
    references = [
        (value, label, dash, at_start)
        for value, label, dash, at_start in candidates
        if value is not None
    ]
    values = [float(v) for s in series for v in s.values if v is not None]
    frame = _Frame.for_values(
        values + [float(ref[0]) for ref in references], y_min, y_max, unit, decimals
    )
    step = frame.width / max(len(labels) - 1, 1)
    xs = [
        frame.left + (i * step if len(labels) > 1 else frame.width / 2) for i in range(len(labels))
    ]
    body = [frame.axis(), frame.x_labels(labels, xs)]
    lines = [run for one in series for run in _runs(one, xs, frame)]
    taken: list[tuple] = []
    for value, label, dash, at_start in references:
        text = f"{label}: {format_value(value, unit, decimals)}"
        spot = _label_spot(frame, frame.y(float(value)), text, at_start, lines, taken)
        body.append(frame.reference(value, text, dash, spot))
    for index, one in enumerate(series):
        colour, dash, shape = LINE_STYLES[index % len(LINE_STYLES)]
        body.append(_line(one, xs, labels, frame, (colour, dash, shape)))
        body.append(_line_legend(index, one.name, colour, dash, shape))
    return Chart(
        title=title,
        description=description,
        labels=labels,
        series=series,
        unit=unit,
        decimals=decimals,
        label_heading=label_heading,
        extra_rows=[(ref[1], [ref[0]] * len(series)) for ref in references],
        body="".join(body),
        chart_id=chart_id,
    )


def _runs(one: Series, xs: list[float], frame: _Frame) -> list[list[tuple[float, float]]]:
    """A series' points on the canvas, one list per unbroken run (a missing value breaks it)."""
    runs: list[list[tuple[float, float]]] = [[]]
    for x, value in zip(xs, one.values, strict=True):
        if value is None:
            runs.append([])
        else:
            runs[-1].append((x, frame.y(float(value))))
    return [run for run in runs if run]


def _line(one: Series, xs: list[float], labels: list[str], frame: _Frame, style: tuple) -> str:
    colour, dash, shape = style
    # A missing value breaks the line: each run of present values is its own polyline.
    runs: list[list[str]] = [[]]
    markers = []
    for x, label, value in zip(xs, labels, one.values, strict=True):
        if value is None:
            runs.append([])
            continue
        y = frame.y(float(value))
        runs[-1].append(f"{_num(x)},{_num(y)}")
        tooltip = f"{one.name}, {label}: {format_value(value, frame.unit, frame.decimals)}"
        markers.append(_marker(shape, x, y, colour, tooltip))
    lines = "".join(
        format_html(
            '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5" '
            'stroke-dasharray="{}" stroke-linejoin="round"/>',
            " ".join(run),
            colour,
            dash or "none",
        )
        for run in runs
        if len(run) > 1
    )
    return lines + "".join(markers)


def _line_legend(index: int, name: str, colour: str, dash: str, shape: str) -> str:
    x, y = _legend_x(index), HEIGHT - 12
    return format_html(
        '<g class="lms-chart-legend" aria-hidden="true"><line x1="{x}" y1="{y}" x2="{x2}" '
        'y2="{y}" stroke="{c}" stroke-width="2.5" stroke-dasharray="{dash}"/>{marker}'
        '<text x="{tx}" y="{ty}" fill="{ink}">{name}</text></g>',
        x=_num(x),
        x2=_num(x + 28),
        y=_num(y),
        c=colour,
        dash=dash or "none",
        marker=mark_safe(_marker(shape, x + 14, y, colour, name)),
        tx=_num(x + 34),
        ty=_num(y + 4),
        ink=INK,
        name=name,
    )


def bar_chart(
    *,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    decimals: int | None = None,
    y_max: Number | None = None,
    label_heading: str = "",
    chart_id: str | None = None,
) -> Chart:
    """Grouped bars: one group per label, one bar per series, each value written on its bar.

    Bars grow from zero; negative values are drawn as zero-height bars (the table still shows
    them): the figures drawn here (hours, money, people) are never negative.
    """
    labels, series = list(labels), list(series)
    chart_id = chart_id or new_chart_id()
    hatch = f"url(#{chart_id}-hatch)"
    values = [float(v) for s in series for v in s.values if v is not None]
    frame = _Frame.for_values(values, 0, y_max, unit, decimals)
    group = frame.width / max(len(labels), 1)
    bar = min(56.0, group * 0.8 / max(len(series), 1))
    centres = [frame.left + group * (i + 0.5) for i in range(len(labels))]
    body = [_hatch_defs(chart_id), frame.axis(), frame.x_labels(labels, centres)]
    for index, one in enumerate(series):
        colour, hatched = BAR_STYLES[index % len(BAR_STYLES)]
        offset = (index - (len(series) - 1) / 2) * bar - bar / 2
        for label, centre, value in zip(labels, centres, one.values, strict=True):
            if value is not None:
                text = format_value(value, unit, decimals)
                top = frame.y(max(float(value), 0.0))
                box = (centre + offset, top, bar, frame.bottom - top)
                tooltip = f"{one.name}, {label}: {text}"
                body.append(_bar(box, colour, hatch if hatched else "", tooltip, text))
        body.append(_bar_legend(index, one.name, colour, hatch if hatched else ""))
    return Chart(
        title=title,
        description=description,
        labels=labels,
        series=series,
        unit=unit,
        decimals=decimals,
        label_heading=label_heading,
        body="".join(body),
        chart_id=chart_id,
    )


def _hatch_defs(chart_id: str) -> str:
    return format_html(
        '<defs><pattern id="{}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" '
        'stroke="{}" stroke-width="1.5" stroke-opacity="0.55"/></pattern></defs>',
        chart_id,
        INK,
    )


def _rect(box: tuple[float, float, float, float], fill: str, stroke: bool = True) -> str:
    x, y, width, height = box
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"{}/>',
        _num(x),
        _num(y),
        _num(width),
        _num(height),
        fill,
        mark_safe(f' stroke="{INK}" stroke-width="0.75"' if stroke else ""),
    )


def _bar(
    box: tuple[float, float, float, float], colour: str, hatch: str, tooltip: str, text: str
) -> str:
    x, y, width, _height = box
    return format_html(
        '<g><title>{}</title>{}{}<text x="{}" y="{}" text-anchor="middle" fill="{}" '
        'font-size="12">{}</text></g>',
        tooltip,
        mark_safe(_rect(box, colour)),
        mark_safe(_rect(box, hatch, stroke=False) if hatch else ""),
        _num(x + width / 2),
        _num(y - 4),
        INK,
        text,
    )


def _bar_legend(index: int, name: str, colour: str, hatch: str) -> str:
    box = (_legend_x(index), HEIGHT - 22, 14.0, 14.0)
    return format_html(
        '<g class="lms-chart-legend" aria-hidden="true">{}{}<text x="{}" y="{}" fill="{}">{}'
        "</text></g>",
        mark_safe(_rect(box, colour)),
        mark_safe(_rect(box, hatch, stroke=False) if hatch else ""),
        _num(box[0] + 20),
        _num(box[1] + 12),
        INK,
        name,
    )


__all__ = ["Chart", "Series", "bar_chart", "format_value", "line_chart", "nice_ticks"]
