"""Work-order numbers: WO-<year>-<nnnn>, per year of the report, without gaps, also with two desks at once."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from repairs.models import WorkOrder, WorkOrderCounter
from tests.builders import report, together
from trustmgmt.base.refusals import codes


def test_numbers_count_up_per_year_of_the_report(steward):
    numbers = [
        report(steward, reported_on=day).number
        for day in (date(2023, 12, 30), date(2024, 1, 2), date(2023, 12, 31), date(2024, 1, 3))
    ]
    assert numbers == ["WO-2023-0001", "WO-2024-0001", "WO-2023-0002", "WO-2024-0002"]


def test_a_refused_report_takes_no_number(steward):
    report(steward)
    with pytest.raises(ValidationError) as refused:
        report(steward, description="x" * 1001)
    assert codes(refused.value) == ["text_too_long"]
    assert report(steward).number == "WO-2024-0002"
    assert WorkOrderCounter.objects.get(year=2024).last_number == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_desks_reporting_at_once_get_gap_free_numbers(transactional_db, steward, committee):
    def desk(user):
        return [report(user) for _ in range(25)]

    outcomes = together(*(lambda user=user: desk(user) for user in (steward, committee)))

    assert [type(outcome) for outcome in outcomes] == [list, list], outcomes  # neither desk refused or failed
    assert sorted(WorkOrder.objects.values_list("sequence", flat=True)) == list(range(1, 51))
