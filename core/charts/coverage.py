"""The colour scale of coverage percentages (heatmaps), with text labels and WCAG contrast.

coverage_band(Decimal("42"))  # → CoverageBand(background, text colour, label, css_class)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.charts.drawing import INK, Number


@dataclass(frozen=True)
class CoverageBand:
    """How a coverage percentage is shown: colours with ≥ 4.5:1 contrast, and a text label.

    The bands get lighter as coverage rises (dark = needs attention), so the scale reads the
    same in greyscale; the percentage is always written in the cell as well.
    """

    lower: int  # lowest percentage in the band
    background: str
    text: str
    label: str
    css_class: str

    @property
    def style(self) -> str:
        return f"background-color:{self.background};color:{self.text}"


def _bands() -> list[CoverageBand]:
    return [
        CoverageBand(100, "#e6f5d8", INK, _("Fuld dækning (100 %)"), "lms-cov-5"),
        CoverageBand(75, "#b8dc8c", INK, _("75–99 %"), "lms-cov-4"),
        CoverageBand(50, "#e8a33d", INK, _("50–74 %"), "lms-cov-3"),
        CoverageBand(25, "#c4441c", "#ffffff", _("25–49 %"), "lms-cov-2"),
        CoverageBand(0, "#7a0c0c", "#ffffff", _("Under 25 %"), "lms-cov-1"),
    ]


def coverage_band(percent: Number | None) -> CoverageBand:
    """The band of a coverage percentage; ``None`` (nothing required) gets a neutral band."""
    if percent is None:
        return CoverageBand(-1, "#ffffff", INK, _("Ikke krævet"), "lms-cov-none")
    return next(band for band in _bands() if float(percent) >= band.lower)


def coverage_legend() -> list[CoverageBand]:
    """The bands from lowest to highest coverage, for a legend beside a heatmap."""
    return list(reversed(_bands()))


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio of two ``#rrggbb`` colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


__all__ = ["CoverageBand", "contrast_ratio", "coverage_band", "coverage_legend"]
