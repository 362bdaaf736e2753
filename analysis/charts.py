"""Plotly figures for dialogue moments, and the same charts as static SVG drawn directly.

Readable on a projector and printed in black and white: the Okabe–Ito palette (safe for colour
blindness) together with a dash style and marker per series. The SVG needs no browser and no
JavaScript: for print, the PDF report and pages without JavaScript.
"""

import math
import textwrap
from html import escape

import plotly.graph_objects as go

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
SVG_DASH = {"solid": "", "dash": "8 4", "dot": "2 4", "dashdot": "8 4 2 4", "longdash": "14 4",
            "longdashdot": "14 4 2 4"}
MARKERS = ["circle", "square", "diamond", "triangle-up", "x", "cross"]
FONT = {"family": "Noto Sans, DejaVu Sans, sans-serif", "size": 18}


# Plotly's "simple_white" look, the parts these charts use, written out. Naming the template
# makes plotly.py check its 8 KB again for every figure (about 20 ms each: most of a dashboard
# page's time) and sends them with every chart; the template "none" adds nothing.
INK = "rgb(36,36,36)"
_AXIS = {"showline": True, "linecolor": INK, "ticks": "outside", "showgrid": False}
_CARTESIAN_AXIS = {**_AXIS, "zeroline": False, "automargin": True, "title": {"standoff": 15}}


def look(radial: bool = False, **layout) -> dict:
    """``layout`` over the charts' look: white, dark axis lines with ticks outside, no grid;
    the axes' (or, ``radial``, the polar axes') own settings merged with it key by key."""
    merged_layout = {"template": "none", "paper_bgcolor": "white", "plot_bgcolor": "white",
                     "hovermode": "closest", "hoverlabel": {"align": "left"}, **layout}
    merged_layout["font"] = {"color": INK, **layout.get("font", {})}
    if radial:
        given = layout.get("polar", {})
        merged_layout["polar"] = {"bgcolor": "white", **given, **{
            axis: {**_AXIS, **given.get(axis, {})} for axis in ("angularaxis", "radialaxis")}}
    else:
        for axis in ("xaxis", "yaxis"):
            merged_layout[axis] = {**_CARTESIAN_AXIS, **layout.get(axis, {})}
    return merged_layout


def _layout(title: str, radial: bool = False, **extra) -> dict:
    base = {"title": {"text": title}, "font": FONT, "margin": {"l": 60, "r": 40, "t": 80, "b": 60}}
    return look(radial, **merged(base, extra))


def merged(layout: dict, extra: dict) -> dict:
    """``extra`` over ``layout``, a setting that is a dict in both merged key by key."""
    return {**layout, **{key: {**layout[key], **value}
                         if isinstance(value, dict) and isinstance(layout.get(key), dict)
                         else value for key, value in extra.items()}}


# Each figure is made with its data and layout at once: plotly.py checks a figure given whole in
# a millisecond or two, while update_layout on a figure made first takes about 20 ms.

def compass(series: dict[str, dict[str, float]], title: str = "",
            spreads: dict[str, dict[str, tuple[float, float]]] | None = None) -> go.Figure:
    """The Place Standard compass: one closed line per neighbourhood or round, 1 to 7.

    ``spreads`` gives, per series and dimension, the middle half of the answers (first to third
    quartile); it is drawn as a thick pale bar along the dimension's spoke.
    """
    traces = []
    for index, (name, scores) in enumerate(series.items()):
        dimensions = list(scores)
        spread = (spreads or {}).get(name, {})
        traces.append(go.Scatterpolar(
            r=[*scores.values(), next(iter(scores.values()))], theta=[*dimensions, dimensions[0]],
            name=name, mode="lines+markers",
            line={"color": PALETTE[index % 8], "dash": DASHES[index % 6], "width": 3},
            marker={"symbol": MARKERS[index % 6], "size": 9},
            customdata=[list(spread.get(dimension) or (None, None))
                        for dimension in [*dimensions, dimensions[0]]],
            hovertemplate="%{theta}: %{r} (%{customdata[0]}–%{customdata[1]})<extra></extra>",
        ))
    return go.Figure(traces, _layout(title, radial=True, polar={
        "radialaxis": {"range": [0, 7], "tickvals": [1, 3, 5, 7]}}))


def distribution(counts: dict[str, int], title: str = "", **layout) -> go.Figure:
    """How many chose each answer (labels as the family saw them); ``layout`` over the look."""
    return go.Figure(
        go.Bar(x=list(counts), y=list(counts.values()), text=list(counts.values()),
               marker={"color": PALETTE[0]}, textposition="outside"),
        _layout(title, **merged({"yaxis": {"title": {"text": "n"}}}, layout)))


def trend(rounds: list[str], series: dict[str, list[float | None]], title: str = "",
          **layout) -> go.Figure:
    """A value over rounds, one line per neighbourhood or theme; ``layout`` over the look."""
    return go.Figure(
        [go.Scatter(x=rounds, y=values, name=name, mode="lines+markers",
                    line={"color": PALETTE[index % 8], "dash": DASHES[index % 6]},
                    marker={"symbol": MARKERS[index % 6], "size": 9})
         for index, (name, values) in enumerate(series.items())],
        _layout(title, **layout))


def theme_sizes(sizes: dict[str, int], previous: dict[str, int] | None = None,
                title: str = "") -> go.Figure:
    """Answers per theme, largest first; with the previous round beside it when given."""
    labels = sorted(sizes, key=lambda label: -sizes[label])
    traces = []
    if previous is not None:
        traces.append(go.Bar(y=labels, x=[previous.get(k, 0) for k in labels], orientation="h",
                             name="before", marker={"color": PALETTE[1],
                                                    "pattern": {"shape": "/"}}))
    traces.append(go.Bar(y=labels, x=[sizes[k] for k in labels], orientation="h", name="now",
                         marker={"color": PALETTE[0]}))
    return go.Figure(traces, _layout(title, barmode="group", yaxis={"autorange": "reversed"}))


# -- static SVG ----------------------------------------------------------------------------------

def to_svg(figure: go.Figure, width: int = 900, height: int = 600, font_size: int = 15) -> str:
    """Draw the figure as SVG directly (bars, lines and compasses); ``font_size`` in the
    drawing's own units (larger for a projector)."""
    traces = list(figure.data)
    title = figure.layout.title.text or ""
    if traces and isinstance(traces[0], go.Scatterpolar):
        body = _svg_polar(traces, width, height, font_size)
    elif traces and isinstance(traces[0], go.Bar):
        body = _svg_bars(traces, width, height)
    else:
        body = _svg_lines(traces, width, height)
    # A chart without a title still needs a name for screen readers: its series say what it is.
    label = title or ", ".join(str(trace.name) for trace in traces if trace.name)
    heading = f'<text x="{width / 2}" y="32" text-anchor="middle" font-size="22">' \
              f"{escape(title)}</text>" if title else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" font-family="{FONT["family"]}" '
            f'font-size="{font_size}" '
            f'role="img"><title>{escape(label)}</title>{heading}{body}{_legend(traces, width)}'
            "</svg>")


def _line_style(trace) -> str:
    dash = SVG_DASH.get(trace.line.dash or "solid", "")
    return (f'stroke="{trace.line.color}" stroke-width="3" fill="none"'
            + (f' stroke-dasharray="{dash}"' if dash else ""))


def _legend(traces, width: int) -> str:
    if len(traces) < 2:
        return ""
    items = []
    for index, trace in enumerate(traces):
        y = 60 + index * 24
        style = _line_style(trace) if hasattr(trace, "line") and trace.line.color else \
            f'stroke="{trace.marker.color}" stroke-width="8"'
        items.append(f'<line x1="{width - 200}" y1="{y}" x2="{width - 160}" y2="{y}" {style}/>'
                     f'<text x="{width - 150}" y="{y + 5}">{escape(str(trace.name))}</text>')
    return "".join(items)


LABEL_CHARACTERS = 14  # a dimension's name is wrapped onto lines of about this many characters


def label_lines(label: str) -> list[str]:
    """A dimension's name on one or more short lines, so that it fits beside the compass."""
    return textwrap.wrap(label, LABEL_CHARACTERS, break_long_words=False) or [label]


def polar_geometry(width: int, height: int, series: int, labels: list[str] | None = None,
                   font_size: int = 15) -> tuple[float, float, float]:
    """Centre and radius of a compass: room for the dimension names all round (as wide and as
    many lines as the longest one, the width estimated at 0.6 of the font size per
    character), and for the legend on the right when there is more than one series."""
    shift = 80 if series > 1 else 0
    lines = [label_lines(label) for label in labels or []]
    across = max((len(line) for wrapped in lines for line in wrapped), default=12)
    down = max((len(wrapped) for wrapped in lines), default=1)
    room_x = 0.6 * font_size * across + 30
    room_y = 1.25 * font_size * down + 30
    radius = min(width / 2 - shift - room_x, height / 2 - 20 - room_y)
    return width / 2 - shift, height / 2 + 20, max(radius, 40)


def _svg_polar(traces, width: int, height: int, font_size: int = 15) -> str:
    dimensions = list(traces[0].theta[:-1])
    cx, cy, radius = polar_geometry(width, height, len(traces), dimensions, font_size)
    parts = []
    for ring in (1, 3, 5, 7):
        parts.append(f'<circle cx="{cx}" cy="{cy}" r="{radius * ring / 7:.1f}" fill="none" '
                     f'stroke="#bbb"/><text x="{cx + 3}" y="{cy - radius * ring / 7:.1f}" '
                     f'font-size="{round(font_size * .8)}" fill="#555">{ring}</text>')
    for index, dimension in enumerate(dimensions):
        angle = math.pi / 2 - 2 * math.pi * index / len(dimensions)
        x, y = cx + radius * math.cos(angle), cy - radius * math.sin(angle)
        lx, ly = cx + (radius + 16) * math.cos(angle), cy - (radius + 16) * math.sin(angle)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        lines = label_lines(str(dimension))
        # At the top the last line sits at the spoke's end, at the bottom the first one; at
        # the sides the lines are centred on it, clear of their neighbours.
        step = 1.2 * font_size
        if anchor != "middle":
            top = ly - (len(lines) - 1) * step / 2 + font_size * .35
        elif ly < cy:
            top = ly - (len(lines) - 1) * step
        else:
            top = ly + font_size * .8
        spans = "".join(f'<tspan x="{lx:.1f}" y="{top + i * step:.1f}">{escape(line)}</tspan>'
                        for i, line in enumerate(lines))
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                     f'<text text-anchor="{anchor}" class="dimension-label">{spans}</text>')
    for trace in traces:
        parts.extend(_svg_spreads(trace, dimensions, cx, cy, radius))
    for trace in traces:
        points = []
        scores = dict(zip(trace.theta[:-1], trace.r[:-1], strict=True))
        for index, dimension in enumerate(dimensions):
            score = scores.get(dimension)
            if score is None:  # withheld (too few people) or not asked: no point, not a zero
                continue
            angle = math.pi / 2 - 2 * math.pi * index / len(dimensions)
            r = radius * score / 7
            points.append(f"{cx + r * math.cos(angle):.1f},{cy - r * math.sin(angle):.1f}")
        parts.append(f'<polygon points="{" ".join(points)}" {_line_style(trace)}>'
                     f"<title>{escape(str(trace.name))}</title></polygon>")
    return "".join(parts)


def _svg_bars(traces, width: int, height: int) -> str:
    horizontal = traces[0].orientation == "h"
    categories = list(traces[0].y if horizontal else traces[0].x)
    values = [v for t in traces for v in (t.x if horizontal else t.y)]
    top = max(values) or 1
    left, right, upper, lower = (220 if horizontal else 70), width - 220, 70, height - 70
    span = (lower - upper) if horizontal else (right - left)
    slot = span / max(len(categories), 1)
    bar = slot * 0.8 / len(traces)
    parts = []
    for t_index, trace in enumerate(traces):
        colour = trace.marker.color
        for c_index, (category, value) in enumerate(
                zip(categories, trace.x if horizontal else trace.y, strict=True)):
            offset = c_index * slot + slot * 0.1 + t_index * bar
            if horizontal:
                length = (right - left) * value / top
                parts.append(f'<rect x="{left}" y="{upper + offset:.1f}" width="{length:.1f}" '
                             f'height="{bar:.1f}" fill="{colour}"/>'
                             f'<text x="{left + length + 6:.1f}" '
                             f'y="{upper + offset + bar * .7:.1f}">{value}</text>')
                if t_index == 0:
                    parts.append(f'<text x="{left - 8}" y="{upper + offset + slot * .45:.1f}" '
                                 f'text-anchor="end">{escape(str(category))}</text>')
            else:
                length = (lower - upper) * value / top
                parts.append(f'<rect x="{left + offset:.1f}" y="{lower - length:.1f}" '
                             f'width="{bar:.1f}" height="{length:.1f}" fill="{colour}"/>'
                             f'<text x="{left + offset + bar / 2:.1f}" y="{lower - length - 6:.1f}"'
                             f' text-anchor="middle">{value}</text>')
                if t_index == 0:
                    parts.append(f'<text x="{left + offset + slot * .4:.1f}" y="{lower + 22}" '
                                 f'text-anchor="middle">{escape(str(category))}</text>')
    return "".join(parts)


def _svg_lines(traces, width: int, height: int) -> str:
    if not traces:
        return ""
    xs = list(traces[0].x)
    values = [v for t in traces for v in t.y if v is not None]
    low, high = min(values, default=0), max(values, default=1)
    high = high if high > low else low + 1
    left, right, upper, lower = 70, width - 220, 70, height - 70
    step = (right - left) / max(len(xs) - 1, 1)
    parts = [f'<text x="{left + i * step:.1f}" y="{lower + 24}" text-anchor="middle">'
             f"{escape(str(x))}</text>" for i, x in enumerate(xs)]
    for value, y in ((low, lower), (high, upper)):  # the scale, so small changes look small
        parts.append(f'<text x="{left - 10}" y="{y + 5}" text-anchor="end">{value:g}</text>'
                     f'<line x1="{left}" y1="{y}" x2="{right}" y2="{y}" stroke="#ddd"/>')
    for trace in traces:
        for run in _runs(trace.y):  # a round without a value breaks the line
            points = [f"{left + i * step:.1f},"
                      f"{lower - (lower - upper) * (trace.y[i] - low) / (high - low):.1f}"
                      for i in run]
            parts.append(f'<polyline points="{" ".join(points)}" {_line_style(trace)}/>')
    return "".join(parts)


def _svg_spreads(trace, dimensions: list, cx: float, cy: float, radius: float) -> list[str]:
    """The middle half of the answers per dimension: a pale bar along the spoke, from q1 to q3."""
    spreads = dict(zip(trace.theta[:-1], trace.customdata or [], strict=False))
    bars = []
    for index, dimension in enumerate(dimensions):
        low, high = (spreads.get(dimension) or (None, None))[:2]
        if low is None or high is None:
            continue
        angle = math.pi / 2 - 2 * math.pi * index / len(dimensions)
        ends = [(cx + radius * v / 7 * math.cos(angle), cy - radius * v / 7 * math.sin(angle))
                for v in (low, high)]
        bars.append(f'<line x1="{ends[0][0]:.1f}" y1="{ends[0][1]:.1f}" x2="{ends[1][0]:.1f}" '
                    f'y2="{ends[1][1]:.1f}" stroke="{trace.line.color}" stroke-opacity="0.3" '
                    f'stroke-width="14" stroke-linecap="round" class="spread"/>')
    return bars


def _runs(values) -> list[list[int]]:
    runs, current = [], []
    for index, value in enumerate(values):
        if value is None:
            runs, current = runs + [current] if current else runs, []
        else:
            current.append(index)
    return runs + [current] if current else runs
