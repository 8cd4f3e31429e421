"""The names and values fixed by ../shared/conversation-contract.md and by the case of
docs/architecture.md: the one place in Python that spells them (everything else imports them).

ROOTS run down the spine, the order in which suspected roots are reported; TRIAGE_LEVELS run from
the least to the most urgent, and triage.yml's ranks must agree (knowledge.py checks it).
"""

# The questions (`requested_slot`), in the order of the contract's table.
QUESTIONS = (
    "symptom_location",
    "symptom_side",
    "symptom_character",
    "bladder_bowel_change",
    "saddle_numbness",
    "leg_weakness",
    "weakness_worsening",
    "heel_walk_difficulty",
    "toe_walk_difficulty",
    "aggravating_posture",
    "relieving_posture",
    "back_pain",
    "fever",
    "cancer_history",
    "weight_loss",
    "recent_trauma",
    "calf_swelling",
    "diabetes",
    "symptom_duration",
    "age",
)
# The questions answered with a value of their own (regions, a side, characters, postures, weeks,
# years); every other question is answered yes / no / not sure (the self-checks: yes = the
# patient has difficulty).
VALUE_QUESTIONS = (
    "symptom_location",
    "symptom_side",
    "symptom_character",
    "aggravating_posture",
    "relieving_posture",
    "symptom_duration",
    "age",
)
YES_NO_QUESTIONS = tuple(q for q in QUESTIONS if q not in VALUE_QUESTIONS)

# The outcome slots and their values.
OUTCOME = ("triage_level", "red_flags", "suspected_roots", "likely_pattern")
TRIAGE_LEVELS = ("routine", "soon", "urgent", "emergency")
RED_FLAGS = (
    "cauda_equina",
    "progressive_weakness",
    "foot_drop",
    "infection",
    "malignancy",
    "fracture",
    "dvt",
)
ROOTS = ("L1", "L2", "L3", "L4", "L5", "S1", "S2")
PATTERNS = (
    "lumbar_stenosis",
    "disc_herniation",
    "peripheral_neuropathy",
    "vascular_claudication",
    "nonspecific",
)

# The normalised answers of the case (docs/architecture.md, "The case").
YES_NO = ("yes", "no", "unsure")
SIDES = ("left", "right", "both", "unsure")
CHARACTERS = ("pain", "ache", "numbness", "tingling", "burning", "shooting", "cramping",
              "weakness", "heaviness", "stiffness")
AGGRAVATING = ("standing", "walking", "sitting", "bending_forward", "coughing_sneezing",
               "lying_down", "movement", "nothing")
RELIEVING = ("sitting", "bending_forward", "lying_down", "standing_still", "walking",
             "movement", "nothing")
# Region ids: the localising ones, then the non-localising ones (docs/architecture.md).
REGION_IDS = ("groin", "upper_front_thigh", "front_thigh", "lower_front_thigh", "front_knee",
              "inner_knee", "knee", "inner_shin", "inner_ankle", "inner_foot_edge", "shin",
              "outer_shin", "top_of_foot", "big_toe", "middle_toes", "toes", "outer_calf",
              "outer_ankle", "calf", "outer_foot_edge", "little_toe", "heel", "sole", "back_thigh",
              "back_knee", "back_leg", "outer_thigh", "inner_thigh", "outside_leg", "inside_leg",
              "lower_back", "buttock", "hip", "leg", "foot", "thigh", "ankle")
# Keys of case["extras"]: facts that are not contract questions.
EXTRAS = ("severe_pain", "radicular", "bilateral_radicular_recent", "longstanding_bladder",
          "isolated_constipation", "sexual_dysfunction", "chest_symptoms", "trauma_kind",
          "osteoporosis", "long_term_steroids", "infection_risk", "acute_limb_ischaemia",
          "chronic_limb_ischaemia", "weakness_regions", "big_toe_weak", "foot_drop_described",
          "knee_buckling", "hip_flexion_weak", "worsening_weakness", "bilateral_weakness",
          "night_pain", "evidence", "unsure")
# The values each question's answer takes (symptom_duration and age are numbers, or "unsure").
ANSWER_VALUES = {
    **{q: YES_NO for q in YES_NO_QUESTIONS},
    "symptom_location": REGION_IDS,
    "symptom_side": SIDES,
    "symptom_character": CHARACTERS,
    "aggravating_posture": AGGRAVATING,
    "relieving_posture": RELIEVING,
}
# Every key a rule may read: a question, or "extras.<key>".
ANSWER_KEYS = frozenset(QUESTIONS) | {f"extras.{k}" for k in EXTRAS}
