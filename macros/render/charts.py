"""Hand-written SVG charts: horizontal bars, stacked bars and time series.

Owns the layout and the markup of every chart the site draws, and nothing else: callers pass
plain values with their labels already formatted, and get back one SVG string.

Why hand-written rather than matplotlib: several charts sit inline on one page, so every id
must be unique per chart (matplotlib reuses ``patch_1``, ``axes_1``…); text must stay real
``<text>`` (searchable, translatable, zoomable) without embedded or web fonts; and the output
must be byte-identical for identical data. A few hundred lines give all three, render in about a
millisecond per chart and weigh a few kilobytes.

Accessibility: the root carries ``role="img"`` and ``aria-labelledby`` pointing at its
``<title>`` and ``<desc>``; colours come from a palette that keeps 4.5:1 contrast with white
(text inside bars) and with the white background (bars themselves); stacked segments and
grouped series also differ by fill pattern and carry direct value labels, so colour is never the
only cue.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from markupsafe import escape

# Each colour has at least 4.5:1 contrast with white (checked by the tests).
PALETTE = ("#1f5fa8", "#a8431e", "#1b7a3a", "#6b3fa0", "#00707a", "#a61e4d", "#5c5c5c")
TEXT = "#1a1a1a"
MUTED = "#595959"   # 7:1 on white: axis labels and notes
GRID = "#d0d0d0"    # gridlines are decoration, not information
FONT = "Arial, Helvetica, 'Liberation Sans', 'DejaVu Sans', sans-serif"  # local fonts only

WIDTH = 720
FONT_SIZE = 13
SMALL = 12
BAR = 18
MOTIFS = ("plein", "diagonales", "points", "croisillons", "horizontales", "verticales", "contre-diagonales")


@dataclass(frozen=True)
class Value:
    """One plotted value: its category (or date) label, number and formatted text."""

    label: str
    value: float | None      # None: the source gives no number (drawn as « non publié »)
    text: str                # e.g. "13,9 %", "plus de 300", "non publié"
    hollow: bool = False     # forecasts, targets, computed values: drawn hollow / dashed
    x: float | None = None   # time series only: position as a decimal year


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[Value, ...]
    total_text: str = ""     # stacked bars: the published total, written above the bar


@dataclass(frozen=True)
class Chart:
    """What to draw. ``ident`` prefixes every id in the SVG, so it must be unique on a page."""

    kind: str                     # "barres" | "barres-empilees" | "courbe"
    ident: str
    title: str
    desc: str
    series: tuple[Series, ...]
    axis_label: str               # e.g. "Part des répondants (%)"
    axis_max: float | None = None  # forced axis end (100 for shares that add up to 100)
    footer: str = ""              # drawn only in standalone files (source line)


def render(chart: Chart, *, standalone: bool = False, tick_format=None) -> str:
    """The chart as SVG markup; ``standalone`` adds a visible title and footer for the file."""
    fmt = tick_format or _plain_number
    drawers = {"barres": _bars, "barres-empilees": _stacked, "courbe": _timeseries}
    try:
        body, height = drawers[chart.kind](chart, fmt)
    except KeyError:
        raise ValueError(f"type de graphique inconnu : {chart.kind}") from None
    top = 0
    extra: list[str] = []
    if standalone:
        title_lines = _wrap(chart.title, WIDTH - 32, 15)
        extra = [_text_lines(16, 22, title_lines, size=15, weight="bold")]
        top = 14 + 20 * len(title_lines)
        if chart.footer:
            lines = _wrap(chart.footer, WIDTH - 32, SMALL - 1)
            extra.append(_text_lines(16, top + height + 18, lines, size=SMALL - 1, fill=MUTED))
            height += 12 + 14 * len(lines)
    total = top + height
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {total}" width="{WIDTH}" '
        f'height="{total}" role="img" aria-labelledby="{_id(chart, "titre")} {_id(chart, "desc")}" '
        f'font-family="{escape(FONT)}" font-size="{FONT_SIZE}" style="max-width:100%;height:auto">'
    )
    parts = [
        head,
        f'<title id="{_id(chart, "titre")}">{escape(chart.title)}</title>',
        f'<desc id="{_id(chart, "desc")}">{escape(chart.desc)}</desc>',
        _defs(chart),
        f'<rect width="{WIDTH}" height="{total}" fill="#ffffff"/>',  # readable in dark mode too
        *extra,
        f'<g transform="translate(0 {top})">{body}</g>',
        "</svg>",
    ]
    return "\n".join(p for p in parts if p)


# ---------------------------------------------------------------- shared helpers

def _id(chart: Chart, name: str) -> str:
    return f"{chart.ident}-{name}"


def _plain_number(value: float) -> str:
    return f"{value:g}"


def _n(value: float) -> str:
    """Coordinates rounded to 0.1 px: stable bytes, small files."""
    text = f"{value:.1f}"
    return text.removesuffix(".0")


def text_width(text: str, size: int = FONT_SIZE) -> float:
    """Estimated width of ``text`` in a sans-serif font (no font file is read, by design)."""
    width = 0.0
    for char in text:
        if char in "iljtfr.,;:'!|()[] \u00a0\u202f":
            width += 0.3
        elif char in "mwMW%":
            width += 0.85
        elif char.isupper() or char in "0123456789":
            width += 0.62
        else:
            width += 0.53
    return width * size


def _wrap(label: str, max_px: float, size: int = FONT_SIZE) -> list[str]:
    """Greedy word wrap on estimated widths (a word longer than a line keeps its own line)."""
    lines: list[str] = []
    for word in label.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= max_px:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _text(x: float, y: float, content: str, *, size: int = FONT_SIZE, anchor: str = "start",
          fill: str = TEXT, weight: str = "normal") -> str:
    attrs = f'x="{_n(x)}" y="{_n(y)}"'
    if size != FONT_SIZE:
        attrs += f' font-size="{size}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    attrs += f' fill="{fill}"'
    if weight != "normal":
        attrs += f' font-weight="{weight}"'
    return f"<text {attrs}>{escape(content)}</text>"


def _text_lines(x: float, y: float, lines: list[str], *, size: int = FONT_SIZE, anchor: str = "start",
                weight: str = "normal", fill: str = TEXT) -> str:
    """Several lines as one ``<text>`` with ``<tspan>`` rows (one accessible string)."""
    anchor_attr = f' text-anchor="{anchor}"' if anchor != "start" else ""
    weight_attr = f' font-weight="{weight}"' if weight != "normal" else ""
    size_attr = f' font-size="{size}"' if size != FONT_SIZE else ""
    spans = "".join(
        f'<tspan x="{_n(x)}" dy="{0 if i == 0 else _n(size * 1.2)}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text y="{_n(y)}" fill="{fill}"{anchor_attr}{weight_attr}{size_attr}>{spans}</text>'


def _motif(index: int) -> int:
    """Pattern of the ``index``-th item; shifts once colours repeat, so no two items look alike."""
    return (index + index // len(PALETTE)) % len(MOTIFS)


def _fill(chart: Chart, index: int) -> str:
    """Colour plus pattern for the ``index``-th series or segment (pattern 0 is plain)."""
    if _motif(index) == 0:
        return PALETTE[index % len(PALETTE)]
    return f"url(#{_id(chart, f'motif-{index}')})"


def _patterned_items(chart: Chart) -> int:
    """How many items are told apart by fill: series of grouped bars, segments of stacked bars."""
    if chart.kind == "barres-empilees":
        return max(len(s.values) for s in chart.series)
    if chart.kind == "barres" and len(chart.series) > 1:
        return len(chart.series)
    return 0


def _defs(chart: Chart) -> str:
    """One pattern per series or segment; white strokes keep the base colour dominant."""
    patterns = [_pattern(chart, i) for i in range(_patterned_items(chart)) if _motif(i) != 0]
    return f"<defs>{''.join(patterns)}</defs>" if patterns else ""


def _pattern(chart: Chart, index: int) -> str:
    colour = PALETTE[index % len(PALETTE)]
    motif = MOTIFS[_motif(index)]
    stroke = 'stroke="#ffffff" stroke-opacity="0.6" stroke-width="1.6"'
    shapes = {
        "diagonales": f'<path d="M-2 2l4-4M0 8l8-8M6 10l4-4" {stroke}/>',
        "points": '<circle cx="4" cy="4" r="1.4" fill="#ffffff" fill-opacity="0.7"/>',
        "croisillons": f'<path d="M0 4h8M4 0v8" {stroke}/>',
        "horizontales": f'<path d="M0 2h8M0 6h8" {stroke}/>',
        "verticales": f'<path d="M2 0v8M6 0v8" {stroke}/>',
        "contre-diagonales": f'<path d="M-2 6l4 4M0 0l8 8M6 -2l4 4" {stroke}/>',
    }[motif]
    return (
        f'<pattern id="{_id(chart, f"motif-{index}")}" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="{colour}"/>{shapes}</pattern>'
    )


def nice_ticks(maximum: float, target: int = 5) -> list[float]:
    """0 … a round number ≥ ``maximum``, in 3 to 7 round steps (1, 2, 2.5, 5 × 10^k)."""
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / target
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    count = math.ceil(maximum / step - 1e-9)
    return [round(i * step, 10) for i in range(count + 1)]


def _legend(chart: Chart, labels: list[str], y: float, swatch: str = "rect") -> tuple[str, float]:
    """A wrapped row of swatches and labels; returns markup and the height used."""
    parts: list[str] = []
    x, row_y = 16.0, y
    for i, label in enumerate(labels):
        width = 18 + 6 + text_width(label, SMALL) + 18
        if x + width > WIDTH - 16 and x > 16:
            x, row_y = 16.0, row_y + 20
        if swatch == "rect":
            parts.append(f'<rect x="{_n(x)}" y="{_n(row_y - 10)}" width="18" height="12" fill="{_fill(chart, i)}" '
                         f'stroke="{PALETTE[i % len(PALETTE)]}"/>')
        else:
            parts.append(_marker(chart, i, x + 9, row_y - 4, hollow=False))
        parts.append(_text(x + 24, row_y, label, size=SMALL))
        x += width
    return "".join(parts), row_y - y + 20


def _x_axis(x0: float, x1: float, y_top: float, y_bottom: float, ticks: list[float], label: str, fmt) -> str:
    span = ticks[-1] or 1
    # Two tick labels closer than a label's width would overlap: drop the one before the last.
    if len(ticks) > 2 and (x1 - x0) * (ticks[-1] - ticks[-2]) / span < text_width(fmt(ticks[-1]), SMALL) + 8:
        ticks = ticks[:-2] + ticks[-1:]
    parts = []
    for tick in ticks:
        x = x0 + (x1 - x0) * tick / span
        parts.append(f'<line x1="{_n(x)}" y1="{_n(y_top)}" x2="{_n(x)}" y2="{_n(y_bottom)}" stroke="{GRID}"/>')
        parts.append(_text(x, y_bottom + 15, fmt(tick), size=SMALL, anchor="middle", fill=MUTED))
    parts.append(_text((x0 + x1) / 2, y_bottom + 32, label, size=SMALL, anchor="middle", fill=MUTED))
    return "".join(parts)


# ---------------------------------------------------------------- horizontal bars

def _bar_rows(chart: Chart) -> list[tuple[str, list[tuple[int, Value]]]]:
    """Groups of bars: by category when series share categories, else one block per series."""
    categories: list[str] = []
    for series in chart.series:
        for value in series.values:
            if value.label not in categories:
                categories.append(value.label)
    shared = all({v.label for v in s.values} == set(categories) for s in chart.series)
    if len(chart.series) == 1 or shared:
        return [
            (cat, [(i, v) for i, s in enumerate(chart.series) for v in s.values if v.label == cat])
            for cat in categories
        ]
    # Disjoint categories (e.g. needs quoted per maturity group): label each bar « catégorie ».
    return [(f"{v.label}", [(i, v)]) for i, s in enumerate(chart.series) for v in s.values]


def _bars(chart: Chart, fmt) -> tuple[str, float]:
    groups = _bar_rows(chart)
    multi = len(chart.series) > 1
    parts: list[str] = []
    y = 8.0
    if multi:
        legend, used = _legend(chart, [s.label for s in chart.series], y + 12)
        parts.append(legend)
        y += used + 8
    label_px = min(260.0, max(text_width(line) for g, _ in groups for line in _wrap(g, 260)) + 8)
    x0, x1 = 16 + label_px + 8, WIDTH - 96
    values = [v.value for _, bars in groups for _, v in bars if v.value is not None]
    ticks = nice_ticks(max([chart.axis_max or 0, *values, 0]))
    span = ticks[-1]
    plot_top = y
    body: list[str] = []
    for label, bars in groups:
        lines = _wrap(label, label_px)
        block = max(len(bars) * (BAR + 3) - 3, len(lines) * FONT_SIZE * 1.2)
        centre = y + block / 2
        body.append(_text_lines(16 + label_px, centre - (len(lines) - 1) * FONT_SIZE * 0.6 + 4, lines, anchor="end"))
        bar_y = y + (block - (len(bars) * (BAR + 3) - 3)) / 2
        for index, value in bars:
            body.append(_one_bar(chart, index, value, x0, x1, span, bar_y))
            bar_y += BAR + 3
        y += block + 12
    axis = _x_axis(x0, x1, plot_top - 4, y - 6, ticks, chart.axis_label, fmt)
    parts.extend([axis, f'<line x1="{_n(x0)}" y1="{_n(plot_top - 4)}" x2="{_n(x0)}" y2="{_n(y - 6)}" stroke="{TEXT}"/>', *body])
    return "".join(parts), y + 40


def _one_bar(chart: Chart, index: int, value: Value, x0: float, x1: float, span: float, y: float) -> str:
    if value.value is None:
        return _text(x0 + 6, y + BAR - 5, value.text, size=SMALL, fill=MUTED)
    width = (x1 - x0) * value.value / span if span else 0
    colour = PALETTE[index % len(PALETTE)]
    fill = "#ffffff" if value.hollow else _fill(chart, index)
    dash = ' stroke-dasharray="4 2"' if value.hollow else ""
    rect = (f'<rect x="{_n(x0)}" y="{_n(y)}" width="{_n(max(width, 1))}" height="{BAR}" fill="{fill}" '
            f'stroke="{colour}" stroke-width="1.5"{dash}/>')
    return rect + _text(x0 + width + 6, y + BAR - 5, value.text, size=SMALL)


# ---------------------------------------------------------------- stacked bars

def _stacked(chart: Chart, fmt) -> tuple[str, float]:
    categories = [v.label for v in chart.series[0].values]
    label_px = 0.0
    if len(chart.series) > 1:
        label_px = min(200.0, max(text_width(line) for s in chart.series for line in _wrap(s.label, 200)) + 8)
    x0 = 16 + (label_px + 8 if label_px else 0)
    x1 = WIDTH - 24
    totals = [sum(v.value or 0 for v in s.values) for s in chart.series]
    # The longest bar fills the width: a stacked bar is read as parts of its own total.
    span = max([chart.axis_max or 0, *totals]) or 1
    ticks = [t for t in nice_ticks(span) if t <= span + 1e-9]
    if ticks[-1] < span:
        ticks.append(span)
    y = 10.0
    plot_top = y
    parts: list[str] = []
    height = 40
    for series in chart.series:
        if label_px:
            lines = _wrap(series.label, label_px)
            parts.append(_text_lines(16 + label_px, y + height / 2 - (len(lines) - 1) * 7.8 + 4, lines, anchor="end"))
        if series.total_text:
            y += 16
            parts.append(_text(x0 + (x1 - x0) * sum(v.value or 0 for v in series.values) / span, y - 4,
                               series.total_text, size=SMALL, anchor="end", weight="bold"))
        parts.append(_stacked_bar(chart, series, categories, x0, x1, span, y, height))
        y += height + 14
    axis = _x_axis(x0, x1, plot_top - 4, y - 8, ticks, chart.axis_label, fmt)
    y += 44
    # The legend names every segment with its value: the chart reads without colour.
    legend_labels = [
        f"{cat} : {v.text}" if len(chart.series) == 1 else cat
        for cat, v in zip(categories, chart.series[0].values)
    ]
    legend, used = _stacked_legend(chart, legend_labels, y)
    return axis + "".join(parts) + legend, y + used


def _stacked_bar(chart: Chart, series: Series, categories: list[str], x0: float, x1: float,
                 span: float, y: float, height: float) -> str:
    parts: list[str] = []
    x = x0
    for value in series.values:
        index = categories.index(value.label) if value.label in categories else len(categories)
        if value.value is None or value.value <= 0:
            continue
        width = (x1 - x0) * value.value / span
        colour = PALETTE[index % len(PALETTE)]
        parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" '
                     f'fill="{_fill(chart, index)}" stroke="#ffffff" stroke-width="1.5"/>')
        label_w = text_width(value.text, SMALL) + 8
        if label_w <= width - 2:
            # A solid plate under the label keeps 4.5:1 contrast over the pattern.
            cx = x + width / 2
            parts.append(f'<rect x="{_n(cx - label_w / 2)}" y="{_n(y + height / 2 - 9)}" width="{_n(label_w)}" '
                         f'height="18" rx="3" fill="{colour}"/>')
            parts.append(_text(cx, y + height / 2 + 4, value.text, size=SMALL, anchor="middle",
                               fill="#ffffff", weight="bold"))
        x += width
    return "".join(parts)


def _stacked_legend(chart: Chart, labels: list[str], y: float) -> tuple[str, float]:
    """One line per segment: swatch with its pattern, label and value."""
    parts = []
    for i, label in enumerate(labels):
        row = y + i * 22
        parts.append(f'<rect x="16" y="{_n(row - 11)}" width="22" height="14" fill="{_fill(chart, i)}" '
                     f'stroke="{PALETTE[i % len(PALETTE)]}"/>')
        parts.append(_text(46, row, label))
    return "".join(parts), len(labels) * 22 + 4


# ---------------------------------------------------------------- time series

MARKERS = ("rond", "carre", "triangle", "losange")


def _marker(chart: Chart, index: int, x: float, y: float, hollow: bool) -> str:
    colour = PALETTE[index % len(PALETTE)]
    fill = "#ffffff" if hollow else colour
    style = f'fill="{fill}" stroke="{colour}" stroke-width="2"'
    shape = MARKERS[index % len(MARKERS)]
    if shape == "rond":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="5" {style}/>'
    if shape == "carre":
        return f'<rect x="{_n(x - 4.5)}" y="{_n(y - 4.5)}" width="9" height="9" {style}/>'
    if shape == "triangle":
        return f'<path d="M{_n(x)} {_n(y - 6)}L{_n(x + 5.5)} {_n(y + 4)}L{_n(x - 5.5)} {_n(y + 4)}Z" {style}/>'
    return f'<path d="M{_n(x)} {_n(y - 6)}L{_n(x + 6)} {_n(y)}L{_n(x)} {_n(y + 6)}L{_n(x - 6)} {_n(y)}Z" {style}/>'


def _timeseries(chart: Chart, fmt) -> tuple[str, float]:
    legend, used = _legend(chart, [s.label for s in chart.series], 20, swatch="marker")
    top = 20 + used + 30  # room for the axis title and for labels above the highest point
    plot_h = 260
    x0, x1 = 70.0, WIDTH - 40
    xs = [v.x for s in chart.series for v in s.values if v.x is not None]
    ys = [v.value for s in chart.series for v in s.values if v.value is not None]
    first, last = math.floor(min(xs)), math.ceil(max(xs))
    if last == first:
        last += 1
    ticks = nice_ticks(max([chart.axis_max or 0, *ys]))

    def px(x: float) -> float:
        return x0 + (x1 - x0) * (x - first) / (last - first)

    def py(v: float) -> float:
        return top + plot_h - plot_h * v / ticks[-1]

    parts = [legend, *_time_grid(first, last, ticks, px, py, x0, x1, top, plot_h, fmt, chart.axis_label)]
    labels: list[tuple[float, float, str]] = []
    for index, series in enumerate(chart.series):
        points = [(v, px(v.x), py(v.value)) for v in series.values if v.value is not None and v.x is not None]
        parts.extend(_time_lines(index, points))
        for value, x, y in points:
            parts.append(_marker(chart, index, x, y, value.hollow))
            labels.append((x, y, value.text))
    parts.extend(_point_labels(labels, top))
    return "".join(parts), top + plot_h + 50


def _time_grid(first, last, ticks, px, py, x0, x1, top, plot_h, fmt, axis_label) -> list[str]:
    parts = []
    for tick in ticks:
        y = py(tick)
        parts.append(f'<line x1="{_n(x0)}" y1="{_n(y)}" x2="{_n(x1)}" y2="{_n(y)}" stroke="{GRID}"/>')
        parts.append(_text(x0 - 8, y + 4, fmt(tick), size=SMALL, anchor="end", fill=MUTED))
    for year in range(first, last + 1):
        x = px(year)
        parts.append(f'<line x1="{_n(x)}" y1="{_n(top + plot_h)}" x2="{_n(x)}" y2="{_n(top + plot_h + 5)}" stroke="{TEXT}"/>')
        if year < last:
            # A year's label sits in the middle of the year it names.
            parts.append(_text(px(year + 0.5), top + plot_h + 18, str(year), size=SMALL, anchor="middle", fill=MUTED))
    parts.append(f'<line x1="{_n(x0)}" y1="{_n(top + plot_h)}" x2="{_n(x1)}" y2="{_n(top + plot_h)}" stroke="{TEXT}"/>')
    parts.append(_text(x0 - 54, top - 22, axis_label, size=SMALL, fill=MUTED))
    return parts


def _time_lines(index: int, points) -> list[str]:
    colour = PALETTE[index % len(PALETTE)]
    parts = []
    for (a, ax, ay), (b, bx, by) in itertools.pairwise(points):
        dash = ' stroke-dasharray="6 4"' if (a.hollow or b.hollow) else ""
        parts.append(f'<line x1="{_n(ax)}" y1="{_n(ay)}" x2="{_n(bx)}" y2="{_n(by)}" stroke="{colour}" stroke-width="2.5"{dash}/>')
    return parts


def _point_labels(labels: list[tuple[float, float, str]], top: float) -> list[str]:
    """Value labels above their points, pushed apart when points share a date."""
    placed: list[tuple[float, float, float]] = []  # x, y, width
    parts = []
    for x, y, text in sorted(labels, key=lambda item: (item[0], item[1])):
        width = text_width(text, SMALL)
        ly = max(top + 12, y - 10)
        for px_, py_, pw in placed:
            if abs(px_ - x) < (pw + width) / 2 + 4 and abs(py_ - ly) < 15:
                ly = py_ + 16 if y > py_ else py_ - 16
        anchor_x = min(max(x, 70 + width / 2), WIDTH - 10 - width / 2)
        placed.append((anchor_x, ly, width))
        parts.append(f'<text x="{_n(anchor_x)}" y="{_n(ly)}" font-size="{SMALL}" text-anchor="middle" '
                     f'fill="{TEXT}" stroke="#ffffff" stroke-width="3" paint-order="stroke">{escape(text)}</text>')
    return parts
