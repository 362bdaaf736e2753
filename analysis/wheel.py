"""The Place Standard compass as the Place Standard draws it: a wheel of 14 segments, each
shaded from the centre out to its score (1–7), the dimension names whole all round.

The first series is shaded; further series (an earlier round, another neighbourhood) are drawn
as a line across each segment at their score. Static SVG (print, PDF, projector, no
JavaScript) and the same wheel as a Plotly figure for the screen. Pure: no Flask.
"""

import math
from html import escape

import plotly.graph_objects as go

from .charts import DASHES, FONT, PALETTE, SVG_DASH, label_lines, look, polar_geometry

Scores = dict[str, float | None]
Spreads = dict[str, tuple[float, float]]
STEPS = 12  # points per segment's arc
LEGEND_LINE = 28


def _point(cx: float, cy: float, radius: float, angle: float) -> str:
    return f"{cx + radius * math.cos(angle):.1f},{cy - radius * math.sin(angle):.1f}"


def _arc(cx: float, cy: float, radius: float, start: float, end: float) -> list[str]:
    return [_point(cx, cy, radius, start + (end - start) * i / STEPS) for i in range(STEPS + 1)]


def _sector(cx: float, cy: float, radius: float, start: float, end: float) -> str:
    """The points of a segment from the centre out to ``radius``."""
    return f'{cx:.1f},{cy:.1f} {" ".join(_arc(cx, cy, radius, start, end))}'


def wheel_svg(series: list[tuple[str, Scores, Spreads | None]], width: int = 900,
              height: int = 680, font_size: int = 15, title: str = "") -> str:
    """The wheel as SVG: ``series`` of (name, score per dimension label, middle half per label)."""
    labels = list(series[0][1]) if series else []
    count = max(len(labels), 1)
    slice_ = 2 * math.pi / count
    legend = _legend_place(series, width, height, font_size)
    font_size, (cx, cy, radius) = _fitted(labels, legend, width, height, font_size, slice_)
    parts = []
    for index in range(len(labels)):
        start = math.pi / 2 - index * slice_
        end = start - slice_
        parts.append(f'<polygon points="{_sector(cx, cy, radius, start, end)}" '
                     f'fill="#f4f4f4" stroke="#999" stroke-width="1" class="segment-ground"/>')
    for ring in range(1, 8):
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{radius * ring / 7:.1f}" '
                     f'fill="none" stroke="#ccc" stroke-width="{1.5 if ring == 7 else 0.8}"/>')
    for number, (name, scores, spreads) in enumerate(series):
        colour, dash = PALETTE[number % 8], SVG_DASH[DASHES[number % 6]]
        for index, label in enumerate(labels):
            score = scores.get(label)
            if score is None:  # withheld (too few people) or not asked: left empty
                continue
            start = math.pi / 2 - index * slice_
            end = start - slice_
            r = radius * score / 7
            what = f"{escape(name)}, {escape(label)}: {score:g}"
            if number == 0:
                parts.append(f'<polygon points="{_sector(cx, cy, r, start, end)}" '
                             f'fill="{colour}" fill-opacity="0.72" stroke="#fff" '
                             f'stroke-width="1.5" class="segment"><title>{what}</title></polygon>')
            else:
                dashed = f' stroke-dasharray="{dash}"' if dash else ""
                parts.append(f'<polyline points="{" ".join(_arc(cx, cy, r, start, end))}" '
                             f'fill="none" stroke="{colour}" stroke-width="4"{dashed} '
                             f'class="segment-line"><title>{what}</title></polyline>')
            low_high = (spreads or {}).get(label)
            if low_high and number == 0:
                middle = start - slice_ / 2
                a, b = (_point(cx, cy, radius * v / 7, middle) for v in low_high)
                parts.append(f'<line x1="{a.split(",")[0]}" y1="{a.split(",")[1]}" '
                             f'x2="{b.split(",")[0]}" y2="{b.split(",")[1]}" stroke="#000" '
                             f'stroke-opacity="0.45" stroke-width="3" class="spread"/>')
    for ring in (1, 3, 5, 7):
        parts.append(f'<text x="{cx + 3:.1f}" y="{cy - radius * ring / 7 + 4:.1f}" '
                     f'font-size="{round(font_size * .75)}" fill="#333">{ring}</text>')
    parts.extend(_labels(labels, cx, cy, radius, slice_, font_size))
    return _frame(series, parts, width, height, font_size, title, legend)


def _legend_place(series, width: int, height: int, font_size: int) -> tuple[str, float]:
    """Where the legend goes (with more than one series) and how much room it takes: on the
    right when the drawing is wide enough, else under the wheel, the whole width for its names."""
    if len(series) < 2:
        return "none", 0.0
    across = 0.6 * font_size * max(len(name) for name, _s, _p in series) + 80
    if width - across >= height * 0.9:
        return "right", across
    return "under", LEGEND_LINE * len(series) + 10


def _fitted(labels, legend, width, height, font_size, slice_):
    """The font size (at most ``font_size``) and the wheel's centre and radius at which
    neighbouring dimension names beside the wheel do not run into each other."""
    place, room = legend
    while True:
        cx, cy, radius = polar_geometry(width - (room if place == "right" else 0),
                                        height - (room if place == "under" else 0), 1,
                                        labels, font_size)
        places = _label_places(labels, cx, cy, radius, slice_, font_size)
        if not _overlap(places) or font_size <= 9:
            return font_size, (cx, cy, radius)
        font_size -= 1


def _label_places(labels, cx, cy, radius, slice_, font_size) -> list[tuple]:
    """(anchor, x, first baseline, lines, box) of each dimension's name outside its segment, at
    the segment's middle; box: (left, top, right, bottom), the width estimated at 0.6 of the
    font size per character."""
    places = []
    step = 1.2 * font_size
    for index, label in enumerate(labels):
        angle = math.pi / 2 - index * slice_ - slice_ / 2
        lx = cx + (radius + 12) * math.cos(angle)
        ly = cy - (radius + 12) * math.sin(angle)
        anchor = "middle" if abs(lx - cx) < radius * 0.2 else ("start" if lx > cx else "end")
        lines = label_lines(label)
        # At the top a name grows upwards from its point, at the bottom downwards, elsewhere
        # it is centred on it.
        if math.sin(angle) > 0.9:
            top = ly - (len(lines) - 1) * step - font_size * .2
        elif math.sin(angle) < -0.9:
            top = ly + font_size * .9
        else:
            top = ly - (len(lines) - 1) * step / 2 + font_size * .35
        across = 0.6 * font_size * max(len(line) for line in lines)
        left = {"start": lx, "end": lx - across, "middle": lx - across / 2}[anchor]
        pad = 0.25 * font_size  # glyphs reach past the estimate: keep names a little apart
        box = (left - pad, top - font_size - pad, left + across + pad,
               top + (len(lines) - 1) * step + .3 * font_size + pad)
        places.append((anchor, lx, top, lines, box))
    return places


def _overlap(places) -> bool:
    boxes = [place[4] for place in places]
    return any(a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
               for i, a in enumerate(boxes) for b in boxes[i + 1:])


def _labels(labels, cx, cy, radius, slice_, font_size) -> list[str]:
    step = 1.2 * font_size
    found = []
    for anchor, lx, top, lines, _box in _label_places(labels, cx, cy, radius, slice_, font_size):
        spans = "".join(f'<tspan x="{lx:.1f}" y="{top + i * step:.1f}">{escape(line)}</tspan>'
                        for i, line in enumerate(lines))
        found.append(f'<text text-anchor="{anchor}" class="dimension-label">{spans}</text>')
    return found


def _frame(series, parts, width, height, font_size, title, legend_place) -> str:
    """The <svg> around the drawing, with the legend. Laid out left to right whatever the
    page's direction: "start" and "end" of a name's anchor mean left and right here (an
    Arabic name still reads right to left)."""
    place, room = legend_place
    legend = []
    if len(series) > 1:
        for number, (name, _scores, _spreads) in enumerate(series):
            y = (height - LEGEND_LINE * (len(series) - number) + 4 if place == "under"
                 else height / 2 - LEGEND_LINE * (len(series) / 2 - number))
            x = 20 if place == "under" else width - room + 20
            colour = PALETTE[number % 8]
            dash = SVG_DASH[DASHES[number % 6]]
            mark = (f'<rect x="{x}" y="{y - 9}" width="36" height="18" fill="{colour}" '
                    f'fill-opacity="0.72"/>' if number == 0 else
                    f'<line x1="{x}" y1="{y}" x2="{x + 36}" y2="{y}" stroke="{colour}" '
                    f'stroke-width="4"' + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
            legend.append(f'{mark}<text x="{x + 44}" y="{y + 5}">{escape(name)}</text>')
    label = title or ", ".join(name for name, _s, _p in series)
    heading = (f'<text x="{width / 2}" y="32" text-anchor="middle" font-size="22">'
               f"{escape(title)}</text>" if title else "")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" font-family="{FONT["family"]}" '
            f'font-size="{font_size}" direction="ltr" role="img" class="wheel">'
            f'<title>{escape(label)}</title>'
            f'{heading}{"".join(parts)}{"".join(legend)}</svg>')


def wheel_figure(series: list[tuple[str, Scores, Spreads | None]], title: str = "") -> go.Figure:
    """The same wheel for the screen: hover for each segment's score and middle half."""
    labels = list(series[0][1]) if series else []
    traces = [go.Barpolar(  # the segments' ground, out to 7
        r=[7] * len(labels), theta=["<br>".join(label_lines(label)) for label in labels],
        hoverinfo="skip", showlegend=False,
        marker={"color": "#f4f4f4", "line": {"color": "#999", "width": 1}})]
    for number, (name, scores, spreads) in enumerate(series):
        labels = list(scores)
        wrapped = ["<br>".join(label_lines(label)) for label in labels]
        spread = [list((spreads or {}).get(label) or ("–", "–")) for label in labels]
        colour = PALETTE[number % 8]
        marker = ({"color": colour, "opacity": 0.8, "line": {"color": "#fff", "width": 2.5}}
                  if number == 0 else
                  {"color": "rgba(0,0,0,0)", "line": {"color": colour, "width": 3}})
        traces.append(go.Barpolar(
            r=[scores[label] for label in labels], theta=wrapped, name=name, marker=marker,
            customdata=spread,
            hovertemplate="%{theta}: %{r} (%{customdata[0]}–%{customdata[1]})"
                          f"<extra>{escape(name)}</extra>"))
    return go.Figure(traces, look(
        radial=True, title={"text": title}, font={**FONT, "size": 14},
        showlegend=len(series) > 1, margin={"l": 110, "r": 110, "t": 70, "b": 70},
        height=640, polar={
            "radialaxis": {"range": [0, 7], "tickvals": [1, 3, 5, 7], "angle": 90,
                           "tickangle": 90},
            "angularaxis": {"direction": "clockwise", "rotation": 90 - 180 / 14},
            "bargap": 0, "barmode": "overlay"}))  # a category's slot is its segment
