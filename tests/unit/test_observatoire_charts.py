"""SVG charts: deterministic, well-formed, accessible, readable without colour, no fonts fetched."""
import re
import xml.etree.ElementTree as ET

import pytest

from macros.render import charts

SVG = "{http://www.w3.org/2000/svg}"


def bars(kind="barres", series=None, **extra):
    series = series or (
        charts.Series("Région", (charts.Value("Taille 1", 31, "31 %"), charts.Value("Taille 2", 40, "40 %"))),
        charts.Series("Répondantes", (charts.Value("Taille 1", 30, "30 %"), charts.Value("Taille 2", 38, "38 %"))),
    )
    return charts.Chart(kind=kind, ident="obs-test", title="Titre <b>&</b>", desc="Description « complète »",
                        series=series, axis_label="En %", **extra)


def timeseries():
    return charts.Chart(kind="courbe", ident="obs-temps", title="Évolution", desc="Deux points et une prévision",
                        axis_label="Nombre", series=(charts.Series("CPTS", (
                            charts.Value("décembre 2022", 389, "389", x=2022.96),
                            charts.Value("juin 2023", 444, "444", x=2023.47),
                            charts.Value("fin 2023", 500, "500 (prévision)", hollow=True, x=2023.96),
                        )),))


ALL = [bars(), bars(kind="barres-empilees", series=(bars().series[0],)), timeseries()]


@pytest.mark.parametrize("chart", ALL, ids=lambda c: c.kind)
def test_same_data_same_bytes(chart):
    assert charts.render(chart) == charts.render(chart)
    assert charts.render(chart, standalone=True) == charts.render(chart, standalone=True)


@pytest.mark.parametrize("chart", ALL, ids=lambda c: c.kind)
def test_accessible_name_and_description(chart):
    root = ET.fromstring(charts.render(chart))
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == chart.title and desc.text == chart.desc


@pytest.mark.parametrize("chart", ALL, ids=lambda c: c.kind)
def test_every_id_is_prefixed_so_charts_can_share_a_page(chart):
    svg = charts.render(chart)
    ids = re.findall(r'\bid="([^"]+)"', svg)
    assert ids and all(i.startswith(chart.ident + "-") for i in ids)
    assert len(ids) == len(set(ids))
    for ref in re.findall(r"url\(#([^)]+)\)", svg):
        assert ref in ids


@pytest.mark.parametrize("chart", ALL, ids=lambda c: c.kind)
def test_text_stays_text_and_no_font_is_fetched(chart):
    svg = charts.render(chart, standalone=True)
    assert "@font-face" not in svg and "@import" not in svg and "http://" not in svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in svg and "<image" not in svg
    texts = "".join(ET.fromstring(svg).itertext())
    for series in chart.series:
        for value in series.values:
            assert value.text in texts  # every value is written, not only drawn


def test_text_is_escaped():
    svg = charts.render(bars(), standalone=True)
    assert "<b>" not in svg and "Titre &lt;b&gt;&amp;&lt;/b&gt;" in svg
    ET.fromstring(svg)  # well-formed XML


def test_palette_keeps_aa_contrast_with_white():
    def luminance(colour):
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour in (*charts.PALETTE, charts.TEXT, charts.MUTED):
        assert (1.05 / (luminance(colour) + 0.05)) >= 4.5, colour


def test_grouped_and_stacked_items_differ_by_pattern_not_only_colour():
    grouped = charts.render(bars())
    assert 'fill="url(#obs-test-motif-1)"' in grouped
    stacked = charts.Chart(kind="barres-empilees", ident="obs-pile", title="t", desc="d", axis_label="En %",
                           series=(charts.Series("s", tuple(charts.Value(f"C{i}", 10, f"{i}") for i in range(9))),))
    svg = charts.render(stacked)
    fills = re.findall(r'<rect x="[^"]+" y="[^"]+" width="[^"]+" height="40" fill="([^"]+)"', svg)
    assert len(fills) == 9 and len(set(fills)) == 9  # nine segments, nine distinct fills


def test_stacked_legend_names_each_segment_with_its_value():
    svg = charts.render(bars(kind="barres-empilees", series=(bars().series[0],)))
    texts = list(ET.fromstring(svg).itertext())
    assert "Taille 1 : 31 %" in texts and "Taille 2 : 40 %" in texts


def test_forecasts_are_drawn_hollow_and_dashed():
    svg = charts.render(timeseries())
    assert 'stroke-dasharray="6 4"' in svg
    assert svg.count('fill="#ffffff" stroke="#1f5fa8"') == 1   # the forecast point
    assert svg.count('fill="#1f5fa8" stroke="#1f5fa8"') == 3   # two measured points and the legend marker
    assert "500 (prévision)" in svg


def test_missing_value_is_written_not_drawn():
    chart = bars(series=(charts.Series("S", (charts.Value("A", 10, "10 %"), charts.Value("B", None, "non publié"))),))
    svg = charts.render(chart)
    assert "non publié" in svg
    assert len(re.findall(r"<rect [^>]*height=\"18\"", svg)) == 1


@pytest.mark.parametrize("maximum, expected", [(18.6, [0, 5, 10, 15, 20]), (756, [0, 200, 400, 600, 800]),
                                              (100, [0, 20, 40, 60, 80, 100]), (0.4, [0, 0.1, 0.2, 0.3, 0.4])])
def test_nice_ticks(maximum, expected):
    assert charts.nice_ticks(maximum) == pytest.approx(expected)
