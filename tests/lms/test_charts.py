"""The SVG charts: valid SVG with title and description, the figures as a table, no colour only."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation

from core.charts import (
    Series,
    bar_chart,
    contrast_ratio,
    coverage_band,
    coverage_legend,
    format_value,
    line_chart,
    nice_ticks,
)

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _danish():
    with translation.override("da"):
        yield


def _coverage_chart(**kwargs):
    return line_chart(
        title="Dækning over tid",
        description="Andel af kravene, der er opfyldt <målt ved månedens slutning>",
        labels=["31.01.2026", "28.02.2026", "31.03.2026"],
        series=[Series("Dækning", [Decimal("40"), None, Decimal("62.5")])],
        unit="%",
        y_max=100,
        **kwargs,
    )


def test_line_chart_is_valid_svg_with_title_and_description():
    chart = _coverage_chart(chart_id="cov")
    svg = ET.fromstring(str(chart.svg))
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "cov-title cov-desc"
    assert svg.find(f"{SVG}title").text == "Dækning over tid"
    # Text is escaped, not interpreted.
    assert svg.find(f"{SVG}desc").text.endswith("<målt ved månedens slutning>")


def test_line_chart_breaks_the_line_at_a_missing_value_and_marks_each_point():
    svg = ET.fromstring(str(_coverage_chart().svg))
    assert svg.findall(f".//{SVG}polyline") == []  # lone points either side of the gap
    chart = line_chart(
        title="t", description="d", labels=list("abcd"), series=[Series("s", [1, 2, None, 3])]
    )
    lines = ET.fromstring(str(chart.svg)).findall(f".//{SVG}polyline")
    assert [len(line.get("points").split()) for line in lines] == [2]
    tooltips = [t.text for t in svg.iter(f"{SVG}title")][1:]
    assert "Dækning, 31.01.2026: 40\N{NO-BREAK SPACE}%" in tooltips
    assert "Dækning, 31.03.2026: 62,5\N{NO-BREAK SPACE}%" in tooltips


def test_line_chart_table_holds_every_figure_in_danish_format():
    chart = _coverage_chart(baseline=Decimal("35"), target=80)
    html = ET.fromstring(str(chart.html))
    table = html.find(".//table")
    assert table.find("caption").text == "Dækning over tid"
    heads = [th.text for th in table.findall("./thead/tr/th")]
    assert heads == ["Periode", "Dækning"]
    assert all(th.get("scope") == "col" for th in table.findall("./thead/tr/th"))
    rows = [
        (tr.find("th").text, [td.text for td in tr.findall("td")])
        for tr in table.findall("./tbody/tr")
    ]
    assert rows == [
        ("31.01.2026", ["40\N{NO-BREAK SPACE}%"]),
        ("28.02.2026", ["–"]),
        ("31.03.2026", ["62,5\N{NO-BREAK SPACE}%"]),
        ("Udgangspunkt", ["35\N{NO-BREAK SPACE}%"]),
        ("Mål", ["80\N{NO-BREAK SPACE}%"]),
    ]


def test_baseline_and_target_are_labelled_lines_not_colours():
    svg = ET.fromstring(str(_coverage_chart(baseline=35, target=80).svg))
    references = svg.findall(f".//{SVG}g[@class='lms-chart-reference']")
    texts = [g.find(f"{SVG}text").text for g in references]
    assert texts == ["Udgangspunkt: 35\N{NO-BREAK SPACE}%", "Mål: 80\N{NO-BREAK SPACE}%"]
    dashes = {g.find(f"{SVG}line").get("stroke-dasharray") for g in references}
    assert len(dashes) == 2  # told apart by their dash pattern too


def test_several_series_differ_by_dash_and_marker():
    chart = line_chart(
        title="Effekt",
        description="To målinger",
        labels=["2025", "2026"],
        series=[Series("Tryghed", [3, 4]), Series("Trivsel", [2, 5])],
    )
    svg = ET.fromstring(str(chart.svg))
    dashes = [line.get("stroke-dasharray") for line in svg.findall(f".//{SVG}polyline")]
    assert dashes[0] != dashes[1]
    assert svg.findall(f".//{SVG}circle") and svg.findall(f".//{SVG}polygon")


def test_bar_chart_writes_each_value_and_skips_missing_ones():
    chart = bar_chart(
        title="Timer i år",
        description="Planlagte og brugte timer",
        labels=["Timer"],
        series=[Series("Planlagt", [1200]), Series("Brugt", [None])],
        unit="t",
        label_heading="Hvad",
    )
    svg = ET.fromstring(str(chart.svg))
    bars = [g for g in svg.iter(f"{SVG}g") if g.find(f"{SVG}rect") is not None]
    values = [g.find(f"{SVG}text").text for g in bars if g.get("class") is None]
    assert values == ["1.200\N{NO-BREAK SPACE}t"]
    table = ET.fromstring(str(chart.table_html)).find(".//table")
    assert [td.text for td in table.findall("./tbody/tr/td")] == ["1.200\N{NO-BREAK SPACE}t", "–"]
    assert table.find("./thead/tr/th").text == "Hvad"


def test_two_bar_charts_never_share_ids():
    first, second = (
        bar_chart(title="A", description="a", labels=["x"], series=[Series("s", [1])])
        for _ in range(2)
    )
    assert first.chart_id != second.chart_id
    assert f"{first.chart_id}-hatch" in str(first.svg)


def test_empty_chart_still_renders():
    chart = line_chart(title="Tom", description="Ingen data", labels=[], series=[])
    ET.fromstring(str(chart.html))


@pytest.mark.parametrize(
    ("percent", "label"),
    [(0, "Under 25 %"), (24.9, "Under 25 %"), (25, "25–49 %"), (74, "50–74 %"), (99, "75–99 %")],
)
def test_coverage_band_by_percentage(percent, label):
    assert coverage_band(percent).label == label


def test_coverage_bands_read_in_greyscale_and_have_readable_text():
    def luminance(colour):
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    bands = coverage_legend()
    assert [b.label for b in bands][-1] == "Fuld dækning (100 %)"
    # Lighter as coverage rises: the order survives greyscale printing.
    shades = [luminance(b.background) for b in bands]
    assert shades == sorted(shades)
    for band in [*bands, coverage_band(None)]:
        assert contrast_ratio(band.text, band.background) >= 4.5


def test_numbers_are_formatted_for_the_language():
    # A no-break space between number and unit, so "113.200 kr." never breaks in two.
    assert format_value(Decimal("1234.5"), "kr.") == "1.234,5\N{NO-BREAK SPACE}kr."
    assert format_value(None) == "–"
    assert nice_ticks(0, 100) == [0, 25, 50, 75, 100]


def test_a_score_on_a_scale_says_which_scale_and_units_are_never_glued_on():
    """Issue 18: a 1–5 score read "3,21–5" and its axis "41–5"."""
    assert format_value(Decimal("3.2"), "1–5") == "3,2 af 5"
    assert format_value(4, "0-10") == "4 af 10"
    assert format_value(20, "°C") == "20\N{NO-BREAK SPACE}°C"
    assert format_value(3, "m²") == "3\N{NO-BREAK SPACE}m²"


def test_reference_labels_stay_off_a_line_that_reaches_them():
    """Issue 18: "Mål: 25" was drawn where the last measurement (on target) ran through it."""
    from core.charts.drawing import LABEL_ASCENT, LABEL_CHAR_WIDTH, LABEL_DESCENT, _segment_hits_box

    chart = line_chart(
        title="Ændringsordrer",
        description="d",
        labels=["08.01.2026", "08.04.2026", "07.07.2026", "05.10.2026"],
        series=[Series("Antal", [42, 34, 30, 25])],
        baseline=42,
        target=25,
    )
    svg = ET.fromstring(str(chart.svg))
    points = [
        tuple(float(n) for n in pair.split(","))
        for pair in svg.find(f".//{SVG}polyline").get("points").split()
    ]
    for text in svg.findall(f".//{SVG}g[@class='lms-chart-reference']/{SVG}text"):
        width = len(text.text) * LABEL_CHAR_WIDTH
        x, y = float(text.get("x")), float(text.get("y"))
        left = {"start": x, "middle": x - width / 2, "end": x - width}[text.get("text-anchor")]
        box = (left, y - LABEL_ASCENT, left + width, y + LABEL_DESCENT)
        assert not any(
            _segment_hits_box(a, b, box) for a, b in zip(points, points[1:], strict=False)
        ), text.text
