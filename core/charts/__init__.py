"""Server-rendered, accessible SVG charts (``drawing``) and the coverage colour scale
(``coverage``). No JavaScript and no third-party requests; every chart comes with its table.
See ``core.charts.drawing`` for how to use them."""

from core.charts.coverage import CoverageBand, contrast_ratio, coverage_band, coverage_legend
from core.charts.drawing import Chart, Series, bar_chart, format_value, line_chart, nice_ticks

__all__ = [
    "Chart",
    "CoverageBand",
    "Series",
    "bar_chart",
    "contrast_ratio",
    "coverage_band",
    "coverage_legend",
    "format_value",
    "line_chart",
    "nice_ticks",
]
