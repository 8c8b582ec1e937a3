"""Closed decisions, chained by hash: each result's hash is SHA-256 over its public content and the previous
result's hash, so a result changed afterwards, or one taken out of the middle, shows.

A chain of its own, beside the journal's (which carries money): `verify_ledger` checks both. The hashed
content is what the public sees (question, rule, dates, totals, ratios, counts by building): no names, no
flats, no ballots, so anyone holding the published results can recompute every hash.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ledger.decisions.counting import PARTICIPATION, SPECIAL, Tally
from ledger.models import DecisionResult, JointDecision

GENESIS = "0" * 64
VERSION = 1


def _area(value: Decimal) -> str:
    return f"{value:.2f}"


def _share(share) -> str:
    return f"{share.numerator}/{share.denominator}"


def public_content(decision: JointDecision, tally: Tally, closed_on: date) -> dict:
    """What a closed decision publishes and hashes, in JSON types only."""
    return {
        "version": VERSION,
        "decision": decision.pk,
        "topic": decision.topic,
        "title": decision.title,
        "question": decision.question,
        "rule": decision.rule,
        "held_by": decision.held_by,
        "opens_on": decision.opens_on.isoformat(),
        "closes_on": decision.closes_on.isoformat(),
        "closed_on": closed_on.isoformat(),
        "households": tally.households,
        "owners": tally.owners,
        "total_area": _area(tally.total_area),
        "ballots": tally.ballots,
        "participating": {"owners": tally.participating_owners, "area": _area(tally.participating_area)},
        "agreeing": {"owners": tally.agreeing_owners, "area": _area(tally.agreeing_area)},
        "disagreeing_area": _area(tally.disagreeing_area),
        "abstaining_area": _area(tally.abstaining_area),
        "participation": {"area": tally.participation_area, "owners": tally.participation_owners},
        "agreement": {"area": tally.agreement_area, "owners": tally.agreement_owners},
        "thresholds": {
            "participation": {"share": _share(PARTICIPATION), "inclusive": True},
            "agreement": {"share": _share(tally.agreement_share), "inclusive": tally.rule == SPECIAL},
        },
        "met": {
            "participation_area": tally.quorum_area,
            "participation_owners": tally.quorum_owners,
            "agreement_area": tally.agreed_area,
            "agreement_owners": tally.agreed_owners,
        },
        "quorum_met": tally.quorum_met,
        "passed": tally.passed,
        "buildings": [
            {
                "building": row.building,
                "households": row.households,
                "ballots": row.ballots,
                "agree": row.agree,
                "disagree": row.disagree,
                "abstain": row.abstain,
            }
            for row in tally.buildings
        ],
    }


def digest(content: dict, prev_hash: str) -> str:
    canonical = json.dumps(
        {"content": content, "prev_hash": prev_hash}, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def latest_hash() -> str:
    return DecisionResult.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS


@dataclass(frozen=True)
class Break:
    result_id: int
    reason: str


def _columns_match(result: DecisionResult) -> bool:
    """The stored figures (what staff pages and links read) say what the hashed content says."""
    content = result.content
    decision = result.decision
    return (
        content.get("decision") == result.decision_id
        and content.get("closed_on") == result.closed_on.isoformat()
        and content.get("households") == result.households
        and content.get("owners") == result.owners
        and content.get("total_area") == _area(result.total_area)
        and content.get("participating")
        == {"owners": result.participating_owners, "area": _area(result.participating_area)}
        and content.get("agreeing") == {"owners": result.agreeing_owners, "area": _area(result.agreeing_area)}
        and content.get("quorum_met") == result.quorum_met
        and content.get("passed") == result.passed
        and all(
            content.get(name) == value
            for name, value in (
                ("topic", decision.topic),
                ("title", decision.title),
                ("question", decision.question),
                ("rule", decision.rule),
                ("held_by", decision.held_by),
                ("opens_on", decision.opens_on.isoformat()),
                ("closes_on", decision.closes_on.isoformat()),
            )
        )
    )


def verify() -> tuple[int, Break | None]:
    """Recompute the chain of closed decisions: how many were checked, and the first break, if any."""
    previous = GENESIS
    checked = 0
    for result in DecisionResult.objects.select_related("decision").order_by("id").iterator(chunk_size=500):
        if result.prev_hash != previous:
            return checked, Break(result.pk, "does not follow the result before it (one was removed or changed)")
        if digest(result.content, result.prev_hash) != result.hash:
            return checked, Break(result.pk, "its content does not match its hash (it was changed)")
        if not _columns_match(result):
            return checked, Break(result.pk, "its figures or its question differ from what was hashed")
        previous = result.hash
        checked += 1
    return checked, None
