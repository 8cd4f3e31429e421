"""Diabetes: known diabetes, or borderline ("pre-diabetic"), read as not sure.

Reads diabetes. A volunteered "no" is kept: a wrong "no" here cannot hide a red flag.

Follows clinical-reference §4.1 (peripheral neuropathy and vascular risk: diabetes) and §3.2
(infection risk). Words: lexicon group diabetes.
"""
from __future__ import annotations

from .answers import topic


def read(r) -> None:
    diabetes = r.pos("DIABETES", ["diabetes"])
    if not diabetes and r.pos("DIABETES", ["borderline"]):
        r.set("diabetes", "unsure", r.pos("DIABETES")[0].sent)
    else:
        topic(r, "diabetes", diabetes[0].sent if diabetes else None, bool(r.neg("DIABETES")))
