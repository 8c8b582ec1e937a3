"""The rule that ties each month's figures to its public entries (`ledger.public_journal`), over random
histories: payments, reversals, spending and its reversals, late entries disclosed in a later month, and a
fee year's settlement (transfers and credits). The independent verifier checks every month and the chain."""

from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger import services
from ledger.models import POOLS
from ledger.settlement import services as settlement
from tests.builders import in_rollback
from tests.ledger.settlement.builders import apply_history, operation
from trustmgmt.disclosure import verify_disclosure
from trustmgmt.disclosure.cache import forget_ledger_state
from trustmgmt.disclosure.services import publish_through

D = Decimal


class SiteSource(verify_disclosure.Source):
    """The verifier reading the site through Django's test client instead of the network."""

    def __init__(self, client: Client):
        super().__init__("/disclosure/")
        self.client = client

    def read(self, name: str) -> bytes:
        response = self.client.get(f"/disclosure/{name}")
        if response.status_code != 200:
            raise verify_disclosure.Broken(name, f"{name}: HTTP {response.status_code}")
        return response.content


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    history=st.lists(operation, max_size=25),
    settle=st.one_of(st.none(), st.tuples(*[st.sampled_from(["carry", "credit"])] * 3)),
)
def test_every_months_figures_are_the_sums_of_its_public_entries(db, steward, committee, history, settle):
    def example():
        cache.clear()
        forget_ledger_state()
        plan = services.fee_plan_create(year=2024)
        next_plan = services.fee_plan_create(year=2025)
        flats = [
            services.household_create(
                building=1, unit=1, room=101 + i, owner_name=f"户{i}", occupancy="vacant" if i == 4 else "occupied"
            )
            for i in range(5)
        ]
        services.opening_balance_record(
            value_date=date(2023, 12, 1), amounts={"maintenance": D("33.33")}, memo="paper ledger", by=steward
        )
        apply_history(history, plan, next_plan, flats, steward, committee)
        if settle is not None:
            pools = {pool.code: pool for pool in settlement.preview(plan)}
            decisions = {
                code: choice if choice == "carry" or pools[code].can_credit else "carry"
                for code, choice in zip(POOLS, settle, strict=True)
            }
            settlement.fee_year_close(fee_plan=plan, decisions=decisions, minute="minute 1", by=committee)
        publish_through(through=date(2025, 2, 1), by=committee)
        forget_ledger_state()

        notes = verify_disclosure.verify(SiteSource(Client()), [])
        assert "15 months" in notes[0]  # 2023-12 .. 2025-02

    in_rollback(example)
