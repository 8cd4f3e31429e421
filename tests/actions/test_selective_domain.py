"""Rasa sends no domain to the action server (`enable_selective_domain` in both endpoints files),
so no action may read the one it is given: each `run` of actions/ leaves its `domain` argument
unused, and no action asks for the domain in domain.yml (`send_domain`)."""

from __future__ import annotations

import ast

import yaml

from tools.stack import ROOT

ENDPOINTS = [ROOT / "endpoints.yml", ROOT / "cluster" / "endpoints-cluster.yml"]


def runs():
    for path in sorted((ROOT / "actions").glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == "run":
                yield path.name, node


def test_both_endpoint_files_turn_the_domain_off():
    for path in ENDPOINTS:
        text = path.read_text().replace("${ACTION_URL}", "x").replace("${", "").replace("}", "")
        assert yaml.safe_load(text)["action_endpoint"].get("enable_selective_domain") is True, path.name


def test_there_are_actions_to_check():
    assert len(list(runs())) >= 8


def test_no_action_reads_its_domain_argument():
    readers = []
    for name, run in runs():
        params = [a.arg for a in run.args.args]
        assert "domain" in params, f"{name}: run() without a domain parameter"
        body = ast.Module(body=run.body, type_ignores=[])
        if any(isinstance(n, ast.Name) and n.id == "domain" for n in ast.walk(body)):
            readers.append(f"{name}:{run.lineno}")
    assert not readers, f"these actions read the domain, which Rasa no longer sends: {readers}"


def test_no_action_asks_for_the_domain():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    asking = [next(iter(a)) for a in domain.get("actions") or []
              if isinstance(a, dict) and (next(iter(a.values())) or {}).get("send_domain")]
    assert asking == []


def test_rasa_sends_the_domain_to_no_action():
    """Rasa 3.6 sends it to every `validate_*` action listed by name alone (Domain
    `_collect_actions_which_explicitly_need_domain`), whatever `enable_selective_domain` says."""
    from rasa.shared.core.domain import Domain

    domain = Domain.load(str(ROOT / "domain.yml"))
    assert "validate_symptom_form" in domain.user_actions
    assert [a for a in domain.user_actions if domain.does_custom_action_explicitly_need_domain(a)] == []
