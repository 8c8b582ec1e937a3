"""The demo complex holds the owners' decisions a visitor expects to find."""

from django.core.management import call_command

from ledger.decisions import chain
from ledger.models import Budget, DecisionResult, Household, JointDecision
from repairs.models import Contract


def test_the_demo_decides_each_budget_and_contract_and_has_one_open_vote(db, capsys):
    call_command("seed_demo", households=30, years=2)
    assert not Household.objects.filter(area__isnull=True).exists()
    budgets = Budget.objects.approved()
    assert budgets.exists() and not budgets.filter(decision__isnull=True).exists()
    assert Contract.objects.exists() and not Contract.objects.filter(decision__isnull=True).exists()
    assert all(result.passed for result in DecisionResult.objects.all())
    open_ones = JointDecision.objects.filter(result__isnull=True)
    assert open_ones.count() == 1 and open_ones.get().ballots.exists() and open_ones.get().rule == "special"
    assert chain.verify() == (DecisionResult.objects.count(), None)
    # one owner with two flats: fewer owners than flats
    assert DecisionResult.objects.first().owners < Household.objects.count()
