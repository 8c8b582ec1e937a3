"""Public electricity: meters, readings (records, corrected by new records), bills, flags, explanations."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from ledger import services as ledger_services
from repairs.electricity import selectors
from repairs.electricity import services as power
from repairs.electricity.models import ElectricityBill, MeterReading, UsageExplanation
from tests.builders import spend, together
from trustmgmt.base.refusals import codes

D = Decimal


@pytest.fixture
def meter(steward):
    return power.meter_create(name="楼道照明", place="1—12幢楼道", serves="楼道灯", by=steward)


def read(meter, steward, day, value, **fields):
    return power.reading_record(meter=meter, read_on=day, reading=value, by=steward, **fields)


def months_of(meter, first, through):
    (use,) = selectors.usage(first, through, [meter])
    return {row.month: row for row in use.months}


def refused(call, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return codes(caught.value)


def test_each_month_uses_its_reading_minus_the_one_before(meter, steward):
    read(meter, steward, date(2024, 1, 31), "1000")
    read(meter, steward, date(2024, 2, 29), "1100.5")
    rows = months_of(meter, date(2024, 1, 1), date(2024, 2, 1))
    assert rows[date(2024, 1, 1)].status == "first" and rows[date(2024, 1, 1)].kwh is None
    assert rows[date(2024, 2, 1)].status == "measured" and rows[date(2024, 2, 1)].kwh == D("100.50")


def test_a_meter_replacement_counts_the_old_meter_to_its_end_and_the_new_one_from_its_start(meter, steward):
    read(meter, steward, date(2024, 1, 31), "1000")
    read(meter, steward, date(2024, 2, 29), "1100")
    replaced = read(meter, steward, date(2024, 3, 31), "40", replacement=True, old_final="1150", new_start="0.00")
    read(meter, steward, date(2024, 4, 30), "140")
    rows = months_of(meter, date(2024, 2, 1), date(2024, 4, 1))
    assert rows[date(2024, 3, 1)].kwh == D("90.00")  # 50 on the old meter, 40 on the new
    assert rows[date(2024, 4, 1)].kwh == D("100.00")
    assert replaced.old_final == D("1150.00") and replaced.new_start == D("0.00")


def test_a_reading_below_the_one_before_is_refused_and_nothing_is_written(meter, steward):
    read(meter, steward, date(2024, 1, 31), "1000")
    before = MeterReading.objects.count()
    assert refused(read, meter=meter, steward=steward, day=date(2024, 2, 29), value="999.99") == [
        "reading_below_previous"
    ]
    assert MeterReading.objects.count() == before


def test_a_replacement_needs_both_readings_and_they_must_fit(meter, steward):
    read(meter, steward, date(2024, 1, 31), "1000")
    before = MeterReading.objects.count()
    kwargs = {"meter": meter, "steward": steward, "day": date(2024, 2, 29), "value": "10", "replacement": True}
    assert refused(read, **kwargs, new_start="0") == ["replacement_fields"]
    assert refused(read, **kwargs, old_final="999", new_start="0") == ["old_final_below_previous"]
    assert refused(read, **kwargs, old_final="1010", new_start="11") == ["new_start_above_reading"]
    assert MeterReading.objects.count() == before


def test_the_first_reading_cannot_be_a_replacement(meter, steward):
    codes_ = refused(
        read,
        meter=meter,
        steward=steward,
        day=date(2024, 1, 31),
        value="5",
        replacement=True,
        old_final="1",
        new_start="0",
    )
    assert codes_ == ["replacement_not_first"]
    assert not MeterReading.objects.exists()


def test_a_missing_month_is_shown_missing_and_the_next_reading_spans_it(meter, steward):
    read(meter, steward, date(2024, 1, 31), "1000")
    read(meter, steward, date(2024, 3, 31), "1200")
    rows = months_of(meter, date(2024, 1, 1), date(2024, 4, 1))
    february, march, april = rows[date(2024, 2, 1)], rows[date(2024, 3, 1)], rows[date(2024, 4, 1)]
    assert (february.status, february.kwh, february.covered_by) == ("missing", None, date(2024, 3, 1))
    assert (march.status, march.kwh, march.months) == ("spans", D("200.00"), 2)
    assert (april.status, april.kwh, april.covered_by) == ("missing", None, None)  # not read yet
    # Entered late, the missing month splits the span; the total is the same.
    read(meter, steward, date(2024, 2, 29), "1090")
    rows = months_of(meter, date(2024, 1, 1), date(2024, 3, 1))
    assert [(row.status, row.kwh) for row in rows.values()] == [
        ("first", None),
        ("measured", D("90.00")),
        ("measured", D("110.00")),
    ]


def test_a_late_reading_must_fit_between_its_neighbours(meter, steward):
    read(meter, steward, date(2024, 1, 31), "1000")
    read(meter, steward, date(2024, 3, 31), "1200")
    assert refused(read, meter=meter, steward=steward, day=date(2024, 2, 29), value="1201") == ["reading_above_next"]
    assert MeterReading.objects.count() == 2


@pytest.mark.parametrize(
    ("value", "day", "code"),
    [
        ("-5", date(2024, 2, 29), "kwh_negative"),
        ("abc", date(2024, 2, 29), "kwh_not_a_number"),
        ("NaN", date(2024, 2, 29), "kwh_not_a_number"),
        ("", date(2024, 2, 29), "kwh_not_a_number"),
        ("12.345", date(2024, 2, 29), "kwh_too_precise"),
        ("1e12", date(2024, 2, 29), "kwh_too_large"),
        ("1200", None, "date_in_future"),
        ("1200", date(2024, 1, 5), "duplicate_month"),
    ],
)
def test_every_bad_reading_is_refused_with_its_code_and_nothing_is_written(meter, steward, value, day, code):
    read(meter, steward, date(2024, 1, 31), "1000")
    day = day or timezone.localdate() + timedelta(days=1)
    assert refused(read, meter=meter, steward=steward, day=day, value=value) == [code]
    assert MeterReading.objects.count() == 1


def test_a_correction_is_a_new_record_pointing_back(meter, steward):
    read(meter, steward, date(2024, 1, 31), "1000")
    wrong = read(meter, steward, date(2024, 2, 29), "1900")
    fixed = power.reading_correct(
        original=wrong, read_on=date(2024, 2, 28), reading="1090", reason="抄错一位", by=steward
    )
    assert fixed.corrects == wrong and MeterReading.objects.count() == 3
    assert list(selectors.current_readings().values_list("reading", flat=True)) == [D("1000.00"), D("1090.00")]
    assert months_of(meter, date(2024, 2, 1), date(2024, 2, 1))[date(2024, 2, 1)].kwh == D("90.00")
    # Only the latest is corrected; a correction keeps the month; it says why; it fits the neighbours.
    kwargs = {"read_on": date(2024, 2, 28), "reading": "1095", "by": steward}
    assert refused(power.reading_correct, original=wrong, reason="再改", **kwargs) == ["reading_not_current"]
    assert refused(power.reading_correct, original=fixed, reason="", **kwargs) == ["text_required"]
    moved = {**kwargs, "read_on": date(2024, 3, 1)}
    assert refused(power.reading_correct, original=fixed, reason="改日期", **moved) == ["correction_other_month"]
    lower = {**kwargs, "reading": "999"}
    assert refused(power.reading_correct, original=fixed, reason="再改", **lower) == ["reading_below_previous"]
    assert MeterReading.objects.count() == 3


def test_the_database_refuses_to_change_or_delete_a_reading(meter, steward):
    reading = read(meter, steward, date(2024, 1, 31), "1000")
    for sql in (
        f"UPDATE repairs_meterreading SET reading = 1 WHERE id = {reading.pk}",
        f"DELETE FROM repairs_meterreading WHERE id = {reading.pk}",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    reading.refresh_from_db()
    assert reading.reading == D("1000.00")


def test_the_database_keeps_one_original_reading_a_month(meter, steward):
    read(meter, steward, date(2024, 1, 31), "1000")
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        MeterReading.objects.create(
            meter=meter, month=date(2024, 1, 1), read_on=date(2024, 1, 2), reading=D("1"), recorded_by=steward
        )


def _monthly(meter, steward, uses: dict[date, str], start: str = "1000"):
    """Readings at each month's end, from the month before the first use, so that each month uses what it says."""
    months = sorted(uses)
    first = months[0]
    previous = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    value = D(start)
    read(meter, steward, previous.replace(day=28), str(value))
    for month in months:
        value += D(uses[month])
        read(meter, steward, month.replace(day=28), str(value))


@pytest.mark.parametrize(("use", "flagged"), [("150", False), ("150.01", True)])
def test_a_month_above_one_and_a_half_times_the_same_month_a_year_earlier_is_flagged(meter, steward, use, flagged):
    uses = {date(2023, month, 1): "100" for month in range(1, 13)}
    uses[date(2023, 5, 1)] = "100"
    uses |= {date(2024, 1, 1): "200", date(2024, 2, 1): "200", date(2024, 3, 1): "200", date(2024, 4, 1): "200"}
    uses[date(2024, 5, 1)] = use  # below the three months before (200 each), so only the year's rule can fire
    _monthly(meter, steward, uses)
    may = months_of(meter, date(2024, 5, 1), date(2024, 5, 1))[date(2024, 5, 1)]
    assert may.rules == (("year",) if flagged else ())


@pytest.mark.parametrize(("use", "flagged"), [("150", False), ("150.01", True)])
def test_a_month_above_one_and_a_half_times_the_mean_of_the_three_before_is_flagged(meter, steward, use, flagged):
    # Mean of 90, 100, 110 is 100; nothing a year earlier, so only the mean's rule can fire.
    _monthly(
        meter,
        steward,
        {date(2024, 2, 1): "90", date(2024, 3, 1): "100", date(2024, 4, 1): "110", date(2024, 5, 1): use},
    )
    may = months_of(meter, date(2024, 5, 1), date(2024, 5, 1))[date(2024, 5, 1)]
    assert may.rules == (("three_months",) if flagged else ())


def test_no_flag_from_a_month_that_spans_a_missing_one(meter, steward):
    _monthly(meter, steward, {date(2024, 2, 1): "100", date(2024, 3, 1): "100", date(2024, 4, 1): "100"})
    read(meter, steward, date(2024, 6, 28), "1700")  # May missing: June spans two months (400 kWh)
    rows = months_of(meter, date(2024, 5, 1), date(2024, 6, 1))
    assert rows[date(2024, 6, 1)].status == "spans" and rows[date(2024, 6, 1)].rules == ()


def test_only_a_flagged_month_is_explained_and_the_latest_explanation_counts(meter, steward, committee):
    _monthly(
        meter,
        steward,
        {date(2024, 2, 1): "100", date(2024, 3, 1): "100", date(2024, 4, 1): "100", date(2024, 5, 1): "300"},
    )
    assert refused(power.explanation_record, meter=meter, month=date(2024, 4, 1), text="x", by=steward) == [
        "not_flagged"
    ]
    assert refused(power.explanation_record, meter=meter, month=date(2024, 5, 1), text="  ", by=steward) == [
        "text_required"
    ]
    assert not UsageExplanation.objects.exists()
    power.explanation_record(meter=meter, month=date(2024, 5, 1), text="水泵检修试运行", by=steward)
    power.explanation_record(meter=meter, month=date(2024, 5, 1), text="水泵检修后连续试运行三天", by=committee)
    may = months_of(meter, date(2024, 5, 1), date(2024, 5, 1))[date(2024, 5, 1)]
    assert may.explanation.text == "水泵检修后连续试运行三天"


# Bills


@pytest.fixture
def paid(steward, funded):
    return spend(steward, "300.00", pool="electricity", spent_on=date(2024, 3, 10), payee="国网宁波供电公司")


def bill(meter, steward, expenditure, *, month=date(2024, 2, 1), kwh="500", amount="269.00"):
    return power.bill_record(meter=meter, month=month, kwh=kwh, amount=amount, expenditure=expenditure, by=steward)


def test_a_bill_gives_the_months_cost_and_its_cost_per_kwh_to_a_hundredth_of_a_fen(meter, steward, paid):
    read(meter, steward, date(2024, 1, 31), "1000")
    read(meter, steward, date(2024, 2, 29), "1480")
    bill(meter, steward, paid, kwh="500", amount="269.00")
    february = months_of(meter, date(2024, 2, 1), date(2024, 2, 1))[date(2024, 2, 1)]
    assert (february.kwh, february.cost, february.cost_per_kwh) == (D("480.00"), D("269.00"), D("0.5380"))


@pytest.mark.parametrize(
    ("amount", "kwh", "price"),
    [("1.00", "32", "0.0313"), ("1.00", "3", "0.3333"), ("2.00", "3", "0.6667"), ("269.00", "500", "0.5380")],
)
def test_the_cost_per_kwh_rounds_half_up_to_four_places(amount, kwh, price):
    assert selectors.price_per_kwh(D(amount), D(kwh)) == D(price)  # 1/32 = 0.03125: half up, not to even


def test_bills_on_one_expenditure_never_add_up_to_more_than_it(meter, steward, paid):
    other = power.meter_create(name="水泵", place="2幢地下室", serves="二次供水水泵", by=steward)
    bill(meter, steward, paid, amount="200.00")
    before = ElectricityBill.objects.count()
    codes_ = refused(bill, meter=other, steward=steward, expenditure=paid, amount="100.01")
    assert codes_ == ["bill_exceeds_expenditure"] and ElectricityBill.objects.count() == before
    bill(other, steward, paid, amount="100.00")  # exactly the rest


def test_a_bill_is_refused_on_spending_that_did_not_pay_electricity(meter, steward, committee, funded):
    garbage = spend(steward, "300.00", pool="garbage", spent_on=date(2024, 3, 10))
    pending = spend(steward, "900.00", pool="electricity", spent_on=date(2024, 3, 10))
    reversed_ = spend(steward, "300.00", pool="electricity", spent_on=date(2024, 3, 11))
    ledger_services.expenditure_reverse(expenditure=reversed_, reason="重复录入", by=committee)
    early = spend(steward, "300.00", pool="electricity", spent_on=date(2024, 1, 20))
    assert refused(bill, meter=meter, steward=steward, expenditure=garbage) == ["bill_other_pool"]
    assert refused(bill, meter=meter, steward=steward, expenditure=pending) == ["bill_expenditure_not_posted"]
    assert refused(bill, meter=meter, steward=steward, expenditure=reversed_) == ["bill_expenditure_reversed"]
    assert refused(bill, meter=meter, steward=steward, expenditure=early) == ["bill_paid_before_month"]
    assert not ElectricityBill.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"kwh": "0"}, "kwh_not_positive"),
        ({"kwh": "-1"}, "kwh_negative"),
        ({"kwh": "many"}, "kwh_not_a_number"),
        ({"amount": "0"}, "amount_not_positive"),
        ({"amount": "-3"}, "amount_not_positive"),
        ({"amount": "12.345"}, "kwh_not_a_number"),
        ({"month": date(2099, 1, 1)}, "month_in_future"),
    ],
)
def test_every_bad_bill_is_refused_and_nothing_is_written(meter, steward, paid, kwargs, code):
    assert refused(bill, meter=meter, steward=steward, expenditure=paid, **kwargs) == [code]
    assert not ElectricityBill.objects.exists()


def test_one_bill_a_meter_and_month_and_a_correction_points_back(meter, steward, paid):
    first = bill(meter, steward, paid, amount="250.00")
    assert refused(bill, meter=meter, steward=steward, expenditure=paid, amount="1.00") == ["bill_duplicate"]
    fixed = power.bill_correct(
        original=first, kwh="480", amount="258.24", expenditure=paid, reason="按发票更正", by=steward
    )
    assert fixed.corrects == first
    assert list(selectors.current_bills()) == [fixed]
    # The corrected bill no longer counts toward the expenditure: the rest is 300.00 - 258.24.
    assert refused(
        power.bill_correct, original=first, kwh="1", amount="1.00", expenditure=paid, reason="x", by=steward
    ) == ["bill_not_current"]


def test_only_staff_with_the_permission_write(meter, outsider, committee):
    assert refused(read, meter=meter, steward=outsider, day=date(2024, 1, 31), value="1") == ["not_allowed"]
    assert refused(read, meter=meter, steward=committee, day=date(2024, 1, 31), value="1") == ["not_allowed"]
    assert refused(power.meter_create, name="x", place="y", serves="z", by=committee) == ["not_allowed"]
    assert not MeterReading.objects.exists()


def test_every_write_checks_its_permission_and_writes_nothing_when_refused(meter, steward, committee, outsider, paid):
    reading = read(meter, steward, date(2024, 1, 31), "1000")
    first = bill(meter, steward, paid, amount="250.00")
    before = (MeterReading.objects.count(), ElectricityBill.objects.count(), UsageExplanation.objects.count())
    meter_name = meter.name
    month = date(2024, 1, 1)
    writes = {
        "meter_update": lambda by: power.meter_update(meter=meter, name="改名", place="p", serves="s", by=by),
        "reading_correct": lambda by: power.reading_correct(
            original=reading, read_on=date(2024, 1, 31), reading="1001", reason="抄错", by=by
        ),
        "bill_record": lambda by: bill(meter, by, paid, month=date(2024, 3, 1), amount="10.00"),
        "bill_correct": lambda by: power.bill_correct(
            original=first, kwh="1", amount="1.00", expenditure=paid, reason="x", by=by
        ),
        "explanation_record": lambda by: power.explanation_record(meter=meter, month=month, text="水泵检修", by=by),
    }
    for name, write in writes.items():
        for by in (outsider, committee) if name != "explanation_record" else (outsider,):
            assert refused(write, by=by) == ["not_allowed"], (name, by)
    meter.refresh_from_db()
    assert meter.name == meter_name
    assert (MeterReading.objects.count(), ElectricityBill.objects.count(), UsageExplanation.objects.count()) == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections at once need PostgreSQL")
def test_two_stewards_entering_the_same_month_at_once_get_one_reading(transactional_db, steward):
    meter = power.meter_create(name="水泵", place="水泵房", serves="水泵", by=steward)
    outcomes = together(
        *(lambda value=value: read(meter, steward, date(2024, 1, 31), value) for value in ("1000", "1001"))
    )
    made = [outcome for outcome in outcomes if not isinstance(outcome, Exception)]
    errors = [codes(outcome) for outcome in outcomes if isinstance(outcome, ValidationError)]
    assert len(made) == 1 and errors == [["duplicate_month"]]
    assert MeterReading.objects.count() == 1
