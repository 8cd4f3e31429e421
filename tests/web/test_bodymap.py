"""The body map (web/bodymap.py): every region has a shape, a root's area is exactly the union
of the regions that name it in regions.yml, and the SVG / PNG routes draw what they are asked."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pytest
import yaml

from web import bodymap
from actions.triage import knowledge
from actions.triage.contract import ROOTS as CONTRACT_ROOTS

REGIONS = knowledge.load().regions
ROOTS = bodymap.all_roots()
SVG = "{http://www.w3.org/2000/svg}"


def kinds(svg: str):
    return [p.get("data-kind", "") for p in ET.fromstring(svg).iter(f"{SVG}polygon")]


def test_every_region_of_regions_yml_has_a_shape_and_no_extra_shape():
    geo = bodymap.load_geometry()
    assert set(geo.shapes) == set(REGIONS)
    for rid, views in geo.shapes.items():
        assert views, f"{rid}: no view"
        for view, poly in views.items():
            assert view in ("front", "back")
            assert len(poly) >= 3 and bodymap._area(poly) > 10, f"{rid}/{view}: degenerate shape"
            assert all(0 <= x <= geo.width / 2 + 0.01 and 0 <= y <= geo.height for x, y in poly), rid


def test_geometry_file_holds_no_roots():
    """The roots come only from regions.yml: no second copy of the map."""
    text = bodymap.GEOMETRY.read_text()
    body = yaml.safe_load(text)
    assert not re.search(r"\b[LS][1-5]\b", yaml.safe_dump(body["regions"]))
    for spec in body["regions"].values():
        for shape in spec.values():
            assert set(shape) <= {"y", "across", "points"}


def test_roots_cover_the_knowledge():
    assert ROOTS == [r for r in CONTRACT_ROOTS
                     if any(r in reg.core or r in reg.also for reg in REGIONS.values())]
    assert all(r in bodymap.ROOT_COLOURS for r in ROOTS)


@pytest.mark.parametrize("root", ROOTS)
def test_highlight_of_a_root_is_the_union_of_its_regions(root):
    core, also = bodymap.root_areas(root)
    assert set(core) == {rid for rid, r in REGIONS.items() if root in r.core}
    assert set(also) == {rid for rid, r in REGIONS.items() if root in r.also and root not in r.core}
    drawn = {}
    for kind in kinds(bodymap.render_svg([root])):
        if kind.startswith("root:"):
            _, r, rid = kind.split(":")
            assert r == root, f"{rid} drawn for {r}, only {root} was asked"
            drawn[rid] = drawn.get(rid, 0) + 1
    assert set(drawn) == set(core) | set(also)
    # each region on both legs of every view it has a shape in
    geo = bodymap.load_geometry()
    for rid, count in drawn.items():
        assert count == 2 * len(geo.shapes[rid]), rid


def test_core_is_strong_and_also_is_light():
    svg = bodymap.render_svg(["L5"])
    root = ET.fromstring(svg)
    opacity = {p.get("data-kind").split(":")[2]: float(p.get("fill-opacity", 1))
               for p in root.iter(f"{SVG}polygon") if p.get("data-kind", "").startswith("root:")}
    assert opacity["outer_shin"] > 0.5 and opacity["top_of_foot"] > 0.5     # core L5
    assert opacity["shin"] < 0.5 and opacity["outside_leg"] < 0.5            # also L5


def test_labels_name_the_suspected_roots_only():
    svg = bodymap.render_svg(["L5", "S1"], ["calf"], "right")
    texts = {t.text for t in ET.fromstring(svg).iter(f"{SVG}text")}
    assert {"L5", "S1"} <= texts
    assert not {"L1", "L2", "L3", "L4", "S2"} & texts
    assert "Where you feel it" in texts


@pytest.mark.parametrize("side,marks", [("left", 1), ("right", 1), ("both", 2), ("unsure", 2), (None, 2)])
def test_patient_regions_are_marked_on_their_side(side, marks):
    svg = bodymap.render_svg([], ["heel"], side)   # heel: back view only
    assert kinds(svg).count("mark:heel") == marks


def test_unknown_values_are_ignored():
    assert bodymap.parse_query({"roots": ["l5,X9,<b>"], "regions": ["calf,nowhere"], "side": ["up"]}) == (
        ["L5"], ["calf"], "unsure")
    assert bodymap.parse_query({"roots": ["none"]})[0] == []
    assert bodymap.parse_query({})[0] is None


def test_reference_map_and_no_root_map():
    every = {k.split(":")[1] for k in kinds(bodymap.render_svg()) if k.startswith("root:")}
    assert every == set(ROOTS)
    assert not [k for k in kinds(bodymap.render_svg([], ["calf"])) if k.startswith("root:")]


def test_svg_is_accessible_and_escaped():
    svg = bodymap.render_svg(["L4"], ["inner_shin"], "left")
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    desc = root.find(f"{SVG}desc").text
    assert "L4" in desc and "the inner side of the shin" in desc and "left" in desc


def test_png_is_a_real_picture():
    from PIL import Image
    data = bodymap.render_png(["S1"], ["sole"], "left")
    img = Image.open(io.BytesIO(data))
    assert img.format == "PNG" and img.size[0] > 400 and img.size[1] > 500
    colours = {c for _, c in img.convert("RGB").getcolors(maxcolors=1 << 20)}
    s1 = bodymap._rgb(bodymap.ROOT_COLOURS["S1"])
    assert any(sum(abs(a - b) for a, b in zip(c, s1, strict=True)) < 60 for c in colours), "no S1 colour in the PNG"


def test_broad_areas_are_not_hatched_next_to_named_ones():
    assert bodymap.shown_marks(["leg", "outer_shin", "lower_back"]) == ["outer_shin", "lower_back"]
    assert bodymap.shown_marks(["leg", "foot"]) == ["leg", "foot"]
    assert "mark:leg" not in kinds(bodymap.render_svg([], ["leg", "calf"], "left"))


def _broken(tmp_path, change):
    data = yaml.safe_load(bodymap.GEOMETRY.read_text())
    change(data)
    path = tmp_path / "bodymap.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


@pytest.mark.parametrize("change, words", [
    (lambda d: d["regions"]["heel"].update(side={"y": [1, 2], "across": [0, 1]}), ["regions.heel", "side"]),
    (lambda d: d["regions"]["calf"]["back"].update(across=[0.9, 0.2]), ["regions.calf.back", "across"]),
    (lambda d: d["regions"]["sole"]["back"].update(y="low"), ["regions.sole.back", "'y'"]),
    (lambda d: d["regions"].update(elbow=d["regions"]["heel"]), ["regions.elbow", "region id"]),
    (lambda d: d["regions"].pop("little_toe"), ["missing", "little_toe"]),
    (lambda d: d["views"]["front"]["outline"].reverse(), ["views.front", "outline"]),
    (lambda d: d.pop("width"), ["(top level)", "width"]),
])
def test_malformed_geometry_names_file_and_entry(tmp_path, change, words):
    with pytest.raises(knowledge.KnowledgeError) as err:
        bodymap.load_geometry(_broken(tmp_path, change))
    for w in ["bodymap.yml", *words]:
        assert w in str(err.value)


def test_unreadable_geometry(tmp_path):
    path = tmp_path / "bodymap.yml"
    path.write_text("views: [unclosed")
    with pytest.raises(knowledge.KnowledgeError, match="bodymap.yml: cannot read"):
        bodymap.load_geometry(path)


def test_the_maps_words_come_from_messages_yml(monkeypatch):
    """Titles, side letters, legend and description are the `bodymap` sentences of the language."""
    words = dict(knowledge.load().messages["bodymap"])
    assert "title" not in yaml.safe_dump(yaml.safe_load(bodymap.GEOMETRY.read_text())["views"])
    svg = bodymap.render_svg(["L5"], ["outer_shin"], "left")
    for key in ("view_front", "view_back"):
        assert f">{words[key].upper()}</text>" in svg
    for key in ("title", "letter_left", "letter_right", "legend_suspected", "legend_strength", "legend_marked",
                "not_diagnosis"):
        assert f">{words[key]}</" in svg, key
    fake = {k: f"<{k}:{v}>" for k, v in words.items()}
    monkeypatch.setattr(bodymap, "_say", lambda key, **f: fake[key].format(**f))
    assert bodymap.describe(["L5"], ["outer_shin"], "left") == (
        "<root_one:Highlighted: the skin areas of the nerve root L5 (stronger colour: the main area, lighter: "
        "where it overlaps).> <marked_left:Hatched: where you said you feel it on the left leg: "
        f"{REGIONS['outer_shin'].label}.>")
    assert bodymap.describe(["L5", "S1"], [], "both").startswith("<root_many:")
    assert bodymap.describe([], ["calf"], "unsure") == (
        f"<no_root:No particular nerve root is suggested.> <marked:Hatched: where you said you feel it: "
        f"{REGIONS['calf'].label}.>")
    assert bodymap.describe(None, [], "both") == (
        f"<all_roots:The skin areas of the lower-back nerve roots {ROOTS[0]} to {ROOTS[-1]}.>")
