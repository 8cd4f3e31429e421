"""The names and values fixed by ../shared/conversation-contract.md."""

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
