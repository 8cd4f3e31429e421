"""docs/clinical-rules.md is generated from the knowledge files and must be up to date."""
import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "tools" / "gen_rules_doc.py"


def test_rules_doc_is_up_to_date():
    spec = importlib.util.spec_from_file_location("gen_rules_doc", SCRIPT)
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    assert gen.DOC.read_text(encoding="utf-8") == gen.render(), \
        "run: python tools/gen_rules_doc.py"
