"""The body map: the legs and feet, front and back, with the dermatome areas of the nerve roots.

Pure Python (no Rasa). The shapes come from `actions/triage/knowledge/bodymap.yml` (where each
region is drawn) and the roots from `actions/triage/knowledge/regions.yml` (the same file the
clinical rules read): a root's area is the union of the shapes of the regions whose `core` roots
contain it (strong colour) or whose `also` roots do (light colour). There is no second copy of
the dermatome map.

    svg = render_svg(roots=["L5"], regions=["outer_shin"], side="left")
    png = render_png(roots=["L5"], regions=["outer_shin"], side="left")   # bytes, via Pillow

Both come from one list of drawing primitives (`scene`), so the two formats show the same picture.
Its words (title, view titles, side letters, legend, description) are the `bodymap` section of
<language>/messages.yml; bodymap.yml holds only geometry.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple
from xml.sax.saxutils import escape

from actions.triage import knowledge
from actions.triage.contract import REGION_IDS, ROOTS, SIDES
from actions.triage.knowledge import Entry, KnowledgeError

GEOMETRY = Path(knowledge.__file__).resolve().parent / "knowledge" / "bodymap.yml"

# Okabe-Ito colours (distinguishable with colour-vision deficiency), one per root.
ROOT_COLOURS = {
    "L1": "#E69F00", "L2": "#56B4E9", "L3": "#009E73", "L4": "#F0E442",
    "L5": "#0072B2", "S1": "#D55E00", "S2": "#CC79A7",
}
SKIN = "#F4EEE8"
OUTLINE = "#5B6672"
INK = "#1D2733"
MARK = "#1D2733"
LEGEND_HEIGHT = 118
Point = Tuple[float, float]


# ----------------------------------------------------------------------------- geometry
@dataclass(frozen=True)
class View:
    name: str
    outline: Tuple[Tuple[float, float, float], ...]
    left_side: str  # which of the patient's legs the left half of the view shows
    mid: float = 1e9  # the midline: no shape crosses it

    def edges(self, y: float) -> Tuple[float, float]:
        """Outer and inner x of the outline at height y (Catmull-Rom through the points)."""
        pts = self.outline
        if y <= pts[0][0]:
            return pts[0][1], min(self.mid, pts[0][2])
        if y >= pts[-1][0]:
            return pts[-1][1], min(self.mid, pts[-1][2])
        i = max(k for k in range(len(pts) - 1) if pts[k][0] <= y)
        p0, p1, p2, p3 = pts[max(i - 1, 0)], pts[i], pts[i + 1], pts[min(i + 2, len(pts) - 1)]
        t = (y - p1[0]) / (p2[0] - p1[0])

        def cr(a, b, c, d):
            return 0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t * t
                          + (-a + 3 * b - 3 * c + d) * t ** 3)
        return (max(0.0, cr(p0[1], p1[1], p2[1], p3[1])),
                min(self.mid, cr(p0[2], p1[2], p2[2], p3[2])))

    def band(self, y0: float, y1: float, f0: float, f1: float) -> List[Point]:
        ys = [y0] + [float(y) for y in range(int(y0) // 4 * 4 + 4, int(y1), 4) if y0 < y < y1] + [y1]
        left, right = [], []
        for y in ys:
            outer, inner = self.edges(y)
            left.append((outer + f0 * (inner - outer), y))
            right.append((outer + f1 * (inner - outer), y))
        return left + right[::-1]


@dataclass(frozen=True)
class Geometry:
    width: float
    height: float
    views: Dict[str, View]
    shapes: Dict[str, Dict[str, List[Point]]]  # region id -> view name -> polygon (left half)
    order: Tuple[str, ...]


VIEWS = ("front", "back")  # the front view's left half shows the patient's right leg (bodymap.yml)
NAME = "bodymap.yml"


def _numbers(e: Entry, key: str, size: Optional[int], value=...) -> Tuple[float, ...]:
    """A list of `size` numbers (any length when None), as floats; errors name file and entry."""
    value = e.get(key, list) if value is ... else value
    if not isinstance(value, list) or (size is not None and len(value) != size) or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        e.fail(f"'{key}' must be a list of {size or 'some'} numbers, got {value!r}")
    return tuple(float(v) for v in value)


def _shape(e: Entry, view: View) -> List[Point]:
    if "points" in e.data:
        points = [_numbers(e, "points", 2, p) for p in e.get("points", list)]
        if len(points) < 3:
            e.fail("'points' needs at least 3 points")
        return [(x, y) for x, y in points]
    (y0, y1), (f0, f1) = _numbers(e, "y", 2), _numbers(e, "across", 2)
    if not (y0 < y1 and 0 <= f0 < f1 <= 1):
        e.fail(f"needs y top < bottom and 0 <= across from < to <= 1, got y {[y0, y1]} across {[f0, f1]}")
    return view.band(y0, y1, f0, f1)


@lru_cache(maxsize=4)
def load_geometry(path: Path = GEOMETRY) -> Geometry:
    """The geometry of bodymap.yml, checked: KnowledgeError naming the entry when it is malformed."""
    top = Entry(NAME, "(top level)", knowledge.read(path, NAME))
    width, height = float(top.get("width", (int, float))), float(top.get("height", (int, float)))
    views = {}
    for name, data in top.get("views", dict).items():
        e = Entry(NAME, f"views.{name}", data)
        if name not in VIEWS:
            e.fail(f"not a view (allowed: {', '.join(VIEWS)})")
        outline = tuple(_numbers(e, "outline", 3, p) for p in e.get("outline", list))
        if len(outline) < 2 or any(a[0] >= b[0] for a, b in zip(outline[:-1], outline[1:], strict=True)):
            e.fail("'outline' needs at least 2 points [y, outer x, inner x] with y increasing")
        views[name] = View(name, outline, "right" if name == "front" else "left", width / 2)
    shapes: Dict[str, Dict[str, List[Point]]] = {}
    for rid, spec in top.get("regions", dict).items():
        e = Entry(NAME, f"regions.{rid}", spec)
        if rid not in REGION_IDS:
            e.fail("not a region id of regions.yml")
        if not e.data:
            e.fail("no view")
        shapes[rid] = {}
        for vname, s in e.data.items():
            if vname not in views:
                e.fail(f"unknown view {vname!r} (allowed: {', '.join(views)})")
            shapes[rid][vname] = _shape(Entry(NAME, f"regions.{rid}.{vname}", s), views[vname])
    missing = [r for r in REGION_IDS if r not in shapes]
    if missing:
        raise KnowledgeError(f"{NAME}: missing region ids: {', '.join(missing)}")
    return Geometry(width, height, views, shapes, tuple(shapes))


def regions() -> dict:
    return knowledge.load().regions


def root_areas(root: str) -> Tuple[List[str], List[str]]:
    """(regions whose core roots contain `root`, regions whose also roots contain it)."""
    regs = regions()
    return ([rid for rid, r in regs.items() if root in r.core],
            [rid for rid, r in regs.items() if root in r.also and root not in r.core])


def all_roots() -> List[str]:
    found = {root for r in regions().values() for root in (*r.core, *r.also)}
    return sorted(found, key=lambda x: ROOTS.index(x) if x in ROOTS else 99)


def clean_roots(roots: Iterable[str]) -> List[str]:
    known = set(all_roots())
    out = []
    for r in roots:
        r = str(r).strip().upper()
        if r in known and r not in out:
            out.append(r)
    return out


def clean_regions(ids: Iterable[str]) -> List[str]:
    known = regions()
    out = []
    for r in ids:
        r = str(r).strip()
        if r in known and r not in out:
            out.append(r)
    return out


def clean_side(side: Optional[str]) -> str:
    return side if side in SIDES else "unsure"


# ----------------------------------------------------------------------------- scene
@dataclass
class Shape:
    points: List[Point]
    fill: Optional[str] = None
    opacity: float = 1.0
    stroke: Optional[str] = None
    width: float = 1.0
    dash: bool = False
    hatch: bool = False
    kind: str = ""


@dataclass
class Label:
    x: float
    y: float
    text: str
    size: float = 12
    bold: bool = False
    anchor: str = "middle"  # start | middle
    colour: str = INK
    halo: bool = False


@dataclass
class Scene:
    width: float
    height: float
    shapes: List[Shape] = field(default_factory=list)
    labels: List[Label] = field(default_factory=list)
    title: str = ""
    description: str = ""


def _mirror(points: Sequence[Point], offset: float, width: float) -> List[Point]:
    return [(offset + width - x, y) for x, y in points]


def _shift(points: Sequence[Point], offset: float) -> List[Point]:
    return [(offset + x, y) for x, y in points]


def _centroid(points: Sequence[Point]) -> Point:
    a = cx = cy = 0.0
    n = len(points)
    for i in range(n):
        x0, y0 = points[i]
        x1, y1 = points[(i + 1) % n]
        c = x0 * y1 - x1 * y0
        a += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    if abs(a) < 1e-9:
        return sum(p[0] for p in points) / n, sum(p[1] for p in points) / n
    return cx / (3 * a), cy / (3 * a)


def _area(points: Sequence[Point]) -> float:
    n = len(points)
    return abs(sum(points[i][0] * points[(i + 1) % n][1] - points[(i + 1) % n][0] * points[i][1]
                   for i in range(n))) / 2


def shown_marks(marked: Iterable[str]) -> List[str]:
    """The patient's regions to hatch: "the leg", "the thigh", "the foot" or "the ankle" add nothing
    next to named areas, so they are left out when a localising region is there too."""
    regs = regions()
    marked = clean_regions(marked)
    if any(regs[r].localising for r in marked):
        marked = [r for r in marked if regs[r].localising or regs[r].zone in ("back", "buttock", "hip")]
    return marked


def _say(key: str, **fields) -> str:
    return knowledge.message("bodymap", key, **fields)


def describe(roots: Optional[Sequence[str]], marked: Sequence[str], side: str) -> str:
    """The map in words: roots None is the reference map of every root, empty no root."""
    regs = regions()
    marked = shown_marks(marked)
    parts = []
    if roots is not None and not roots:
        parts.append(_say("no_root"))
    elif roots:
        parts.append(_say("root_many" if len(roots) > 1 else "root_one", roots=", ".join(roots)))
    else:
        every = all_roots()
        parts.append(_say("all_roots", first=every[0], last=every[-1]))
    if marked:
        key = f"marked_{side}" if side in ("left", "right", "both") else "marked"
        parts.append(_say(key, regions=", ".join(regs[r].label for r in marked)))
    return " ".join(parts)


def scene(roots: Optional[Iterable[str]] = None, marked: Iterable[str] = (), side: Optional[str] = None) -> Scene:
    """The picture as primitives. roots: suspected roots to highlight (None: every root's area, a
    reference map; empty: none); marked: the patient's region ids, hatched on `side` (left / right /
    both / unsure = both)."""
    geo = load_geometry()
    regs = regions()
    reference = roots is None
    roots, marked, side = clean_roots(roots or ()), clean_regions(marked), clean_side(side)
    marked = shown_marks(marked)
    highlight = all_roots() if reference else roots
    vw, gap = geo.width, 16
    sc = Scene(width=2 * vw + gap, height=geo.height + LEGEND_HEIGHT,
               title=_say("title"),
               description=describe(None if reference else roots, marked, side))
    legs = []  # (view, offset, mirrored, patient's side)
    for i, view in enumerate(geo.views.values()):
        off = i * (vw + gap)
        other = "left" if view.left_side == "right" else "right"
        legs += [(view, off, False, view.left_side), (view, off, True, other)]

    def place(points, off, mirrored):
        return _mirror(points, off, vw) if mirrored else _shift(points, off)

    # background of each view, view titles, side letters
    for i, view in enumerate(geo.views.values()):
        off = i * (vw + gap)
        sc.shapes.append(Shape([(off, 0), (off + vw, 0), (off + vw, geo.height), (off, geo.height)],
                               fill="#FFFFFF", stroke="#D5DBE1", width=1, kind="panel"))
        sc.labels.append(Label(off + vw / 2, 16, _say(f"view_{view.name}").upper(), size=13, bold=True))
    # legs: the outline of each leg
    for view, off, mirrored, pside in legs:
        outline = view.band(view.outline[0][0], view.outline[-1][0], 0, 1)
        sc.shapes.append(Shape(place(outline, off, mirrored), fill=SKIN, stroke=OUTLINE, width=1.4, kind="leg"))
        x = off + (vw - 30 if mirrored else 30)
        sc.labels.append(Label(x, geo.height - 6, _say(f"letter_{pside}"), size=13, bold=True,
                               colour="#52606D"))
    # dermatomes: broad regions first (file order), the strongest root colour per region
    rank = {r: i for i, r in enumerate(highlight)}
    label_at: Dict[Tuple[str, int], Tuple[float, Point]] = {}
    for rid in geo.order:
        reg = regs.get(rid)
        if reg is None:
            continue
        core = sorted((r for r in reg.core if r in rank), key=rank.get)
        # reference map: an overlap area shows its lowest root (S2 has no core area of its own)
        also = sorted((r for r in reg.also if r in rank), key=rank.get, reverse=reference)
        if core:
            root, opacity = core[0], 0.85
        elif also:
            root, opacity = also[0], 0.35
        else:
            continue
        for view, off, mirrored, _ in legs:
            poly = geo.shapes.get(rid, {}).get(view.name)
            if not poly:
                continue
            pts = place(poly, off, mirrored)
            sc.shapes.append(Shape(pts, fill=ROOT_COLOURS.get(root, "#888888"), opacity=opacity,
                                   stroke="#FFFFFF", width=0.6, kind=f"root:{root}:{rid}"))
            key = (root, int(off) * 2 + int(mirrored))
            area = _area(poly) * (2 if opacity > 0.5 else 1)
            if area > label_at.get(key, (0, (0, 0)))[0]:
                label_at[key] = (area, _centroid(pts))
    # the patient's areas: hatched, dashed outline, on the side(s) they named
    for rid in marked:
        for view, off, mirrored, pside in legs:
            if side in ("left", "right") and pside != side:
                continue
            poly = geo.shapes.get(rid, {}).get(view.name)
            if poly:
                sc.shapes.append(Shape(place(poly, off, mirrored), stroke=MARK, width=1.6, dash=True,
                                       hatch=True, kind=f"mark:{rid}"))
    # root labels on top
    for (root, _), (_, (x, y)) in sorted(label_at.items()):
        sc.labels.append(Label(x, y + 4, root, size=12 if roots else 10, bold=True, halo=True))
    # legend
    top = geo.height + 14
    x = 8.0
    heading = _say("legend_all" if reference else "legend_suspected" if roots else "no_root")
    sc.labels.append(Label(8, top + 4, heading, size=12, bold=True, anchor="start"))
    y = top + 16
    for root in highlight:
        if x > sc.width - 60:
            x, y = 8.0, y + 22
        sc.shapes.append(Shape([(x, y), (x + 16, y), (x + 16, y + 14), (x, y + 14)],
                               fill=ROOT_COLOURS.get(root, "#888888"), opacity=0.85, stroke=OUTLINE,
                               width=0.6, kind="legend"))
        sc.labels.append(Label(x + 21, y + 12, root, size=12, anchor="start"))
        x += 56
    y += 30
    if roots:
        sc.labels.append(Label(8, y, _say("legend_strength"),
                               size=11, anchor="start", colour="#52606D"))
        y += 20
    if marked:
        sc.shapes.append(Shape([(8, y - 11), (24, y - 11), (24, y + 3), (8, y + 3)], stroke=MARK, width=1.4,
                               dash=True, hatch=True, kind="legend"))
        sc.labels.append(Label(30, y, _say("legend_marked"), size=12, anchor="start"))
    sc.labels.append(Label(sc.width - 8, sc.height - 8, _say("not_diagnosis"), size=10, anchor="end",
                           colour="#52606D"))
    return sc


# ----------------------------------------------------------------------------- SVG
def _fmt(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def render_svg(roots: Optional[Iterable[str]] = None, regions_: Iterable[str] = (), side: Optional[str] = None,
               *, scene_: Optional[Scene] = None, element_id: str = "bodymap") -> str:
    sc = scene_ or scene(roots, regions_, side)
    pid = re.sub(r"[^A-Za-z0-9_-]", "", element_id) or "bodymap"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_fmt(sc.width)} {_fmt(sc.height)}" '
        f'width="{_fmt(sc.width * 1.5)}" height="{_fmt(sc.height * 1.5)}" role="img" '
        f'aria-labelledby="{pid}-title {pid}-desc" font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif">',
        f'<title id="{pid}-title">{escape(sc.title)}</title>',
        f'<desc id="{pid}-desc">{escape(sc.description)}</desc>',
        f'<defs><pattern id="{pid}-hatch" patternUnits="userSpaceOnUse" width="6" height="6" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#FFFFFF" fill-opacity="0.35"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{MARK}" stroke-width="1.6"/></pattern></defs>',
        '<rect width="100%" height="100%" fill="#FFFFFF"/>',
    ]
    for s in sc.shapes:
        pts = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in s.points)
        fill = f'url(#{pid}-hatch)' if s.hatch else (s.fill or "none")
        attrs = [f'points="{pts}"', f'fill="{fill}"']
        if s.fill and s.opacity < 1:
            attrs.append(f'fill-opacity="{s.opacity}"')
        if s.stroke:
            attrs.append(f'stroke="{s.stroke}" stroke-width="{_fmt(s.width)}" stroke-linejoin="round"')
        if s.dash:
            attrs.append('stroke-dasharray="4 2.5"')
        if s.kind:
            attrs.append(f'data-kind="{escape(s.kind)}"')
        out.append(f'<polygon {" ".join(attrs)}/>')
    for lb in sc.labels:
        anchor = {"start": "start", "middle": "middle", "end": "end"}[lb.anchor]
        common = (f'x="{_fmt(lb.x)}" y="{_fmt(lb.y)}" font-size="{_fmt(lb.size)}" text-anchor="{anchor}"'
                  + (' font-weight="700"' if lb.bold else ""))
        if lb.halo:
            out.append(f'<text {common} fill="#FFFFFF" stroke="#FFFFFF" stroke-width="3.5" '
                       f'stroke-linejoin="round" aria-hidden="true">{escape(lb.text)}</text>')
        out.append(f'<text {common} fill="{lb.colour}">{escape(lb.text)}</text>')
    out.append("</svg>")
    return "\n".join(out)


# ----------------------------------------------------------------------------- PNG (Pillow)
def _rgb(colour: str) -> Tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


@lru_cache(maxsize=16)
def _font(size: int):
    from PIL import ImageFont
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1: the fixed bitmap font
        return ImageFont.load_default()


def render_png(roots: Optional[Iterable[str]] = None, regions_: Iterable[str] = (), side: Optional[str] = None,
               *, scale: float = 2.0, scene_: Optional[Scene] = None) -> bytes:
    from PIL import Image, ImageDraw

    sc = scene_ or scene(roots, regions_, side)
    w, h = int(math.ceil(sc.width * scale)), int(math.ceil(sc.height * scale))
    img = Image.new("RGB", (w, h), "#FFFFFF")

    def pts(points):
        return [(x * scale, y * scale) for x, y in points]

    for s in sc.shapes:
        p = pts(s.points)
        if s.fill:
            if s.opacity >= 1:
                ImageDraw.Draw(img).polygon(p, fill=_rgb(s.fill))
            else:
                layer = Image.new("RGB", (w, h), _rgb(s.fill))
                mask = Image.new("L", (w, h), 0)
                ImageDraw.Draw(mask).polygon(p, fill=int(255 * s.opacity))
                img.paste(layer, (0, 0), mask)
        if s.hatch:
            mask = Image.new("L", (w, h), 0)
            ImageDraw.Draw(mask).polygon(p, fill=255)
            xs, ys = [q[0] for q in p], [q[1] for q in p]
            lines = Image.new("L", (w, h), 0)
            ld = ImageDraw.Draw(lines)
            step = 6 * scale
            x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
            k = x0 - (y1 - y0)
            while k < x1:
                ld.line([(k, y1), (k + (y1 - y0), y0)], fill=255, width=max(1, int(1.6 * scale / 1.4)))
                k += step * 1.414
            from PIL import ImageChops
            img.paste(Image.new("RGB", (w, h), _rgb(MARK)), (0, 0), ImageChops.multiply(mask, lines))
        if s.stroke:
            d = ImageDraw.Draw(img)
            width = max(1, int(round(s.width * scale)))
            ring = p + [p[0]]
            if s.dash:
                on, off = 4 * scale, 2.5 * scale
                for a, b in zip(ring, ring[1:], strict=False):
                    seg = math.dist(a, b)
                    t = 0.0
                    while t < seg:
                        t1 = min(seg, t + on)
                        d.line([(a[0] + (b[0] - a[0]) * t / seg, a[1] + (b[1] - a[1]) * t / seg),
                                (a[0] + (b[0] - a[0]) * t1 / seg, a[1] + (b[1] - a[1]) * t1 / seg)],
                               fill=_rgb(s.stroke), width=width)
                        t = t1 + off
            else:
                d.line(ring, fill=_rgb(s.stroke), width=width, joint="curve")
    d = ImageDraw.Draw(img)
    for lb in sc.labels:
        font = _font(int(round(lb.size * scale)))
        anchor = {"start": "ls", "middle": "ms", "end": "rs"}[lb.anchor]
        xy = (lb.x * scale, lb.y * scale)
        stroke = int(round(1.75 * scale)) if lb.halo else (1 if lb.bold else 0)
        d.text(xy, lb.text, font=font, anchor=anchor, fill=_rgb(lb.colour),
               stroke_width=stroke, stroke_fill="#FFFFFF" if lb.halo else _rgb(lb.colour))
        if lb.halo and lb.bold:
            d.text(xy, lb.text, font=font, anchor=anchor, fill=_rgb(lb.colour), stroke_width=1,
                   stroke_fill=_rgb(lb.colour))
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def parse_query(params: Dict[str, List[str]]) -> Tuple[Optional[List[str]], List[str], str]:
    """roots, regions and side from URL query parameters (comma-separated or repeated).
    No `roots` parameter: None (the reference map of every root); `roots=none`: no root."""
    def items(name):
        return [x for v in params.get(name, []) for x in v.split(",") if x.strip()]
    side = (params.get("side") or ["unsure"])[0]
    roots = clean_roots(items("roots")) if "roots" in params else None
    return roots, clean_regions(items("regions")), clean_side(side)
