"""QuickChecks answers every check constraint of every model as the database does (Django's `Q.check`)."""

import itertools
import random
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import CheckConstraint, Q

from repairs.models import WorkOrder
from trustmgmt.base.checks import QuickChecks, Unsupported, evaluate


def _samples(field) -> list:
    """A few values of the field's kind around the edges, NULL where the column allows it."""
    if field.choices:
        values = [*[value for value, _label in field.flatchoices][:4], "not-a-choice"]
    elif isinstance(field, models.DecimalField):
        values = [Decimal("-1.00"), Decimal("0.00"), Decimal("0.01"), Decimal("200.00")]
    elif isinstance(field, models.DateTimeField):
        values = []  # no check constraint compares times; a sample would only slow the walk
    elif isinstance(field, models.DateField):
        values = [date(2024, 1, 1), date(2024, 1, 31), date(2024, 12, 31)]
    elif isinstance(field, models.BooleanField):
        values = [True, False]
    elif isinstance(field, models.ForeignKey):
        values = [1]
    elif isinstance(field, models.IntegerField | models.AutoField):
        values = [-1, 0, 1, 2023, 2100]
    elif isinstance(field, models.CharField | models.TextField):
        values = ["", "x", "2024"]
    else:
        values = []
    return values + ([None] if field.null else [])


def _constraints():
    for model in apps.get_models():
        if not issubclass(model, QuickChecks):
            continue
        for constraint in model._meta.constraints:
            if isinstance(constraint, CheckConstraint):
                yield pytest.param(model, constraint, id=f"{model.__name__}.{constraint.name}")


@pytest.mark.parametrize(("model", "constraint"), list(_constraints()))
def test_python_and_the_database_agree(db, model, constraint):
    read = sorted({reference[0] for reference in model._get_expr_references(constraint.condition)})
    fields = [model._meta.get_field("id" if name == "pk" else name) for name in read]
    combinations = list(itertools.product(*[_samples(field) for field in fields]))
    rng = random.Random(constraint.name)
    for values in rng.sample(combinations, min(len(combinations), 150)):
        instance = model(**{field.attname: value for field, value in zip(fields, values, strict=True)})
        try:
            quick = evaluate(instance, constraint.condition)
        except Unsupported:
            continue  # Django's own query decides it (Due's total = the sum of its pools, for one)
        against = instance._get_field_expression_map(meta=model._meta)
        assert (quick is not False) == Q(constraint.condition).check(against), (constraint.name, values)


def test_a_failed_check_is_the_constraints_own_error(db):
    order = WorkOrder(sequence=0, status="reported", category="lighting", building=1)
    with pytest.raises(ValidationError) as caught:
        order.validate_constraints()
    assert "workorder_sequence_positive" in str(caught.value)


def test_three_valued_logic_lets_null_pass():
    order = WorkOrder(sequence=None)
    assert evaluate(order, Q(sequence__gt=0)) is None  # NULL > 0 is unknown: the CHECK passes
    assert evaluate(order, ~Q(sequence__gt=0)) is None
    assert evaluate(order, Q(sequence__gt=0) | Q(sequence__isnull=True)) is True
