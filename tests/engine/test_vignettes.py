"""Every vignette file in tests/vignettes/ played through interpreter + engine as the interview
does (tools/eval_engine.py): dev.yml (the public set), extra.yml, and blind.yml, blind2.yml, blind3.yml and blind4.yml
(each written by someone who never saw the code).

Vignettes the engine still gets wrong are listed once, in KNOWN, as strict xfails."""
from pathlib import Path

import pytest
import yaml

from tools import eval_engine

HERE = Path(__file__).resolve().parents[1] / "vignettes"
FILES = sorted(HERE.glob("*.yml"))
# blind.yml first run (before the reading changes): 24/40 all fields, 28/40 exact triage,
# under-triage 1, over-triage 11 (docs/reading.md). Now 40/40.
# blind2.yml first run (2026-12-02): 28/30 all fields and exact triage, under-triage 0, over-triage 2,
# red-flag sensitivity 10/10; now 30/30.
# blind3.yml first run (2026-12-02, on 3849097, before any reading change): 18/30 all fields,
# 19/30 exact triage, under-triage 4, over-triage 7, red-flag sensitivity 7/11. Still failing:
# f04 (its flag is said only in the answer to back_pain, which the opening has already answered,
# so the interview never asks it) and f17 (roots only).
# blind4.yml first run (2026-12-02, on 8c5583e before that session's reading changes): 32/40 all
# fields, 34/40 exact triage, under-triage 2, over-triage 4, red-flag sensitivity 12/14; now 40/40.
# blind5.yml first run (2026-12-02, on 1f4f940, before any change it prompted): 36/40 all fields,
# 37/40 exact triage, under-triage 2, over-triage 1, red-flag sensitivity 13/15; now 40/40 exact
# triage. Still failing: h24 (roots only).
KNOWN = {"blind3.yml": {"f04", "f17"}, "blind5.yml": {"h24"}}


def _params():
    for path in FILES:
        for v in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            marks = [pytest.mark.xfail(strict=True, reason="known engine failure")] \
                if v["id"] in KNOWN.get(path.name, set()) else []
            yield pytest.param(v, id=f"{path.name}:{v['id']}", marks=marks)


def test_vignette_files_present():
    assert {"dev.yml", "extra.yml", "blind.yml", "blind2.yml", "blind3.yml", "blind4.yml", "blind5.yml"} <= {p.name for p in FILES}


@pytest.mark.parametrize("vignette", list(_params()))
def test_vignette(vignette):
    from actions.triage.interpreter import interpret
    run = eval_engine.play(vignette, interpret)
    assert run["error"] is None, run["error"]
    marks = eval_engine.check(vignette["expect"], run["result"])
    wrong = {f: run["result"][f] for f, ok in marks.items() if not ok}
    assert not wrong, f"asked {run['asked']}; wrong {wrong}; expected {vignette['expect']}"
