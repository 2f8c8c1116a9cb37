"""The indicators that need the domestic abuse field of List 4 or 6: directly, or through the focus
children (interfaces.md, Definitions), who are defined by it. Named here by hand from interfaces.md,
not read from the figures' definitions, so that the tests of "not available, never 0" can fail."""

from __future__ import annotations

DOMESTIC_ABUSE_INDICATORS = frozenset(
    {
        "assessments_da_pct",
        "cin_da_pct",
        "da_children_under8",
        "da_children_unborn",
        "da_children_under_2",
        "da_children_2_to_4",
        "da_children_5_to_7",
        "focus_referrals_count",
        "focus_referrals_nfa_pct",
        "focus_rereferrals_12m_pct",
        "focus_assessments_within_45wd_pct",
        "focus_icpc_within_15wd_pct",
        "focus_cpp_repeat_pct",
    }
)
