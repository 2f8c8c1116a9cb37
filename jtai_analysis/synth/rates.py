"""Rates and distributions the synthetic areas are drawn from.

Chosen so that a synthetic area looks like a real one: national figures from DfE "Children in
need" 2024-25 (``shared/domain/annex_a_reference.md`` section 6), rounded. Each value says where
it comes from; values marked *assumed* are plausible choices where no published figure exists.
"""

from __future__ import annotations

from jtai_analysis.catalogue.codes import NO, UNKNOWN, YES

# Contacts in the six-month window by size. `typical` is a mid-size area (about 8,000 contacts);
# `large` is one of the largest areas: at least 150,000 data rows over all lists.
CONTACTS_IN_WINDOW: dict[str, int] = {"small": 400, "typical": 8_000, "large": 70_000}

# Extra simulated days before the window, so that journeys already running when the window opens
# (referrals, assessments, section 47 enquiries) appear part-way through.
BURN_IN_DAYS = 120

# Child characteristics. Age at the reference date in years (-1 = unborn); assumed, weighted
# towards the very young as children's social care caseloads are.
AGE_WEIGHTS: dict[int, float] = {
    -1: 0.03,
    0: 0.09,
    1: 0.06,
    2: 0.055,
    3: 0.055,
    4: 0.055,
    5: 0.05,
    6: 0.05,
    7: 0.05,
}
AGE_WEIGHTS.update({age: 0.05 for age in range(8, 18)})
SEX_WEIGHTS: dict[str, float] = {"M": 0.49, "F": 0.49, "U": 0.015, "I": 0.005}
ETHNICITY_WEIGHTS: dict[str, float] = {
    "WBRI": 0.70, "WIRI": 0.01, "WIRT": 0.005, "WOTH": 0.05, "WROM": 0.01, "MWBC": 0.02, "MWBA": 0.01,
    "MWAS": 0.015, "MOTH": 0.02, "AIND": 0.02, "APKN": 0.03, "ABAN": 0.01, "AOTH": 0.01, "BCRB": 0.01,
    "BAFR": 0.03, "BOTH": 0.01, "CHNE": 0.005, "OOTH": 0.015, "REFU": 0.005, "NOBT": 0.01,
}  # fmt: skip
DISABILITY_WEIGHTS: dict[str, float] = {NO: 0.88, YES: 0.08, UNKNOWN: 0.04}

# Contacts per child in the window (assumed) and contact sources: police 28%, schools 21% of
# referrals nationally (socialworktoday 2025); the rest spread over the CIN census sources.
CONTACTS_PER_CHILD: dict[int, float] = {1: 0.78, 2: 0.15, 3: 0.05, 4: 0.02}
SOURCE_WEIGHTS: dict[str, float] = {
    "6": 0.28, "2A": 0.17, "2B": 0.04, "3A": 0.03, "3B": 0.03, "3C": 0.01, "3D": 0.02, "3E": 0.03,
    "3F": 0.04, "1A": 0.06, "1B": 0.01, "1C": 0.01, "1D": 0.01, "4": 0.02, "5A": 0.04, "5B": 0.02,
    "5C": 0.03, "5D": 0.03, "7": 0.02, "8": 0.03, "9": 0.02, "10": 0.01,
}  # fmt: skip

# Journey probabilities.
CONTACT_TO_REFERRAL = 0.30  # assumed: about 8,000 contacts to 2,400 referrals in six months
CONTACT_TO_EARLY_HELP = 0.15  # assumed, of contacts not referred
REFERRAL_NFA = 0.065  # 6.5% of referrals NFA (DfE 2024-25)
HIDDEN_PRIOR_REFERRAL = (
    0.20  # gives about 22% of referrals with a referral in the previous 12 months
)
ASSESSMENT_NEEDS_SUPPORT = 0.55  # 30.8% of referrals assessed not in need nationally
ASSESSMENT_DA_POLICE, ASSESSMENT_DA_OTHER = 0.60, 0.33  # about 40% overall: "over a third"
REFERRAL_TO_S47 = 0.33  # 230,590 S47 / 632,830 referrals
S47_TO_ICPC = 0.32  # 72,100 ICPC / 230,590 S47
ICPC_TO_CPP = 0.86  # 61,840 plans started / 72,100 ICPCs
PREVIOUS_CPP = 0.23  # assumed share of plans that are second or later
EPO_OR_POLICE_PROTECTION = 0.04  # assumed

# Working days from assessment start to authorisation, by DfE bins (2024-25, EES C2): 85.7% <= 45.
ASSESSMENT_WORKING_DAYS: list[tuple[int, int, float]] = [
    (0, 0, 11_680), (1, 10, 75_590), (11, 20, 112_180), (21, 30, 102_260), (31, 40, 131_380),
    (41, 45, 122_730), (46, 50, 37_640), (51, 60, 27_860), (61, 90, 27_500),
]  # fmt: skip
# Working days from strategy discussion to ICPC (EES C4 2024-25): 81.4% within 15.
ICPC_WORKING_DAYS: list[tuple[int, int, float]] = [
    (3, 10, 6_240),
    (11, 15, 52_430),
    (16, 20, 6_430),
    (21, 35, 6_990),
]

# Children whose involvement began before the window, per contact in the window (assumed so that
# a mid-size area has about 330 children on plans and 2,500 children in need at the reference date).
LEGACY_CP_PER_CONTACT = 0.030
LEGACY_CIN_PER_CONTACT = 0.16
LEGACY_EARLY_HELP_PER_CONTACT = 0.05
LEGACY_LOOKED_AFTER = 0.25  # assumed share of long-running CIN episodes that are children in care
CP_PLAN_MEDIAN_DAYS = 270  # plans last about nine months (assumed)
CIN_EPISODE_MEDIAN_DAYS = 200  # assumed

# Fictional names: teams and organisations (institutions, not people) and workers (staff names the
# lists carry, which ingest must drop).
TEAMS = ("Assessment Team 1", "Assessment Team 2", "Assessment Team 3", "Child in Need Team A",
         "Child in Need Team B", "Child Protection Team", "Disabled Children's Team", "MASH")  # fmt: skip
EARLY_HELP_ORGANISATIONS = ("Family Hub North", "Family Hub South", "Family Hub Central", "Early Help Team",
                            "Oakfield Primary School", "Riverside Academy", "Health Visiting Service",
                            "Safe Futures Domestic Abuse Service")  # fmt: skip
WORKER_FIRST_NAMES = (
    "Alex",
    "Sam",
    "Jordan",
    "Priya",
    "Tomasz",
    "Aisha",
    "Morgan",
    "Chris",
    "Niamh",
    "Kwame",
)
WORKER_LAST_NAMES = (
    "Ashdown",
    "Brightwell",
    "Carrow",
    "Dunmore",
    "Ellery",
    "Farrant",
    "Gillow",
    "Hartwell",
)
EARLY_YEARS_SETTINGS = (
    "Little Acorns Nursery",
    "Sunnyside Pre-school",
    "Rainbow Childcare",
    "Orchard Nursery",
)
SCHOOLS = (
    "Oakfield Primary School",
    "St Anne's CE Primary",
    "Riverside Academy",
    "Hillcrest Infant School",
)
