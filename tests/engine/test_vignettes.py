"""Every public vignette played through interpreter + engine as the interview does (see
tools/eval_engine.py). Passes once the interpreter understands the vignettes' answers."""
import importlib.util
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "tools" / "eval_engine.py"
spec = importlib.util.spec_from_file_location("eval_engine", SCRIPT)
eval_engine = importlib.util.module_from_spec(spec)
spec.loader.exec_module(eval_engine)
VIGNETTES = yaml.safe_load(eval_engine.DEFAULT.read_text(encoding="utf-8")) \
    if eval_engine.DEFAULT.exists() else []


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_vignette(vignette):
    from actions.triage.interpreter import interpret  # fails (not skips) until the interpreter exists
    run = eval_engine.play(vignette, interpret)
    assert run["error"] is None, run["error"]
    marks = eval_engine.check(vignette["expect"], run["result"])
    wrong = {f: run["result"][f] for f, ok in marks.items() if not ok}
    assert not wrong, f"asked {run['asked']}; wrong {wrong}; expected {vignette['expect']}"
