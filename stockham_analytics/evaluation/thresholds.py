"""The rules of spec 4 that are numbers or lists, declared once.

The verdicts decide with these values and the term report carries them
(:class:`~stockham_analytics.evaluation.results.Rules`), so the pages' reading
guide explains the very rules that were applied: change one here, in the
catalogue or in ``school.toml`` and the guide's words change with it.
"""

from __future__ import annotations

from fractions import Fraction

from stockham_analytics.evaluation import catalogue
from stockham_analytics.evaluation.results import Rules
from stockham_analytics.records import Settings

#: An objective is Met when its result reaches this share of its target.
MET_RATIO = Fraction(1)

#: A site is Not meeting objectives when more than this share of its objectives with a
#: result are Not met.
NOT_MEETING_SHARE = Fraction(1, 2)


#: A share as the reasons and the reading guide word it; any other share reads as a percentage.
SHARE_WORDS: dict[Fraction, str] = {
    Fraction(1, 2): "half", Fraction(1, 3): "a third", Fraction(2, 3): "two thirds",
    Fraction(1, 4): "a quarter", Fraction(3, 4): "three quarters",
}


def share_words(share: Fraction) -> str:
    """``half`` for 1/2, ``a third`` for 1/3; a share without a usual word as ``60%``."""
    return SHARE_WORDS.get(share) or f"{float(share * 100):g}%"


def red_checks() -> tuple[str, ...]:
    """The site checks whose Fail makes a site Red, in catalogue order."""
    return tuple(c.check_id for c in catalogue.SITE_CHECKS if c.severity == "Red")


def close_reasons() -> tuple[str, ...]:
    """Why a Fail of a site check recommends Close (its row's ``close_on_fail``), catalogue order."""
    return tuple(c.close_on_fail for c in catalogue.SITE_CHECKS if c.close_on_fail)


def term_rules(settings: Settings) -> Rules:
    """The rules a term was judged by: the declarations above, the catalogue's and the settings'."""
    return Rules(
        met_ratio=MET_RATIO,
        partly_met_ratio=settings.partly_met_ratio,
        not_meeting_share=NOT_MEETING_SHARE,
        red_checks=red_checks(),
        close_reasons=close_reasons(),
        neglect_days=settings.neglect_days,
        immediate_days=settings.immediate_days,
    )
