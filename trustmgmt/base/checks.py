"""Check constraints validated in Python where that gives the database's answer, else as Django does.

`full_clean()` checks each `CheckConstraint` with a query of its own (Django's `Q.check`: a savepoint and a
SELECT in which every field of the row is a value); a work order's nine constraints cost nine queries on
every step. Most conditions are comparisons of the row's own fields with constants or with each other
(`amount > 0`, `ends_on > starts_on`, `status IN (…)`, `building IS NULL`), which `QuickChecks` evaluates
in Python with SQL's three-valued logic: a comparison with NULL is unknown, and a CHECK passes unless its
condition is false, as in the database. Anything else (a transform, a function, a join, a string ordered by
collation) goes to Django's own query. The database enforces every constraint regardless;
`tests/base/test_checks.py` compares both answers for every check constraint of every model.
"""

import operator
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import router
from django.db.models import CheckConstraint, F, Q
from django.db.models.constants import LOOKUP_SEP


class Unsupported(Exception):
    """The condition needs the database to evaluate it."""


_COMPARE = {"gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le}
_ORDERED = (int, float, Decimal)  # and dates: anything but text, whose order is the database's collation


def _value(instance, name: str):
    field = instance._meta.get_field("id" if name == "pk" else name)
    if not field.concrete or field.many_to_many or field.one_to_many:
        raise Unsupported(name)
    value = getattr(instance, field.attname)
    if value is None:
        return None
    if hasattr(value, "resolve_expression"):
        raise Unsupported(name)
    try:
        return field.to_python(value)
    except ValidationError as error:
        raise Unsupported(name) from error


def _operand(instance, value):
    if isinstance(value, F):
        if LOOKUP_SEP in value.name:
            raise Unsupported(value.name)
        return _value(instance, value.name)
    if hasattr(value, "resolve_expression"):
        raise Unsupported(value)
    return value


def _lookup(instance, lookup: str, rhs):
    name, _, kind = lookup.partition(LOOKUP_SEP)
    kind = kind or "exact"
    lhs = _value(instance, name)
    if kind == "isnull":
        return (lhs is None) == bool(rhs)
    if kind == "exact" and rhs is None:
        return lhs is None
    if kind == "in":
        values = [_operand(instance, item) for item in rhs]
        if lhs is None:
            return None
        if lhs in values:
            return True
        return None if None in values else False
    rhs = _operand(instance, rhs)
    if lhs is None or rhs is None:
        return None
    if kind == "exact":
        return lhs == rhs
    if kind in _COMPARE:
        if isinstance(lhs, str) or isinstance(rhs, str) or isinstance(lhs, bool) or isinstance(rhs, bool):
            raise Unsupported(lookup)
        if not (isinstance(lhs, _ORDERED) and isinstance(rhs, _ORDERED)) and type(lhs) is not type(rhs):
            raise Unsupported(lookup)
        return _COMPARE[kind](lhs, rhs)
    raise Unsupported(lookup)


def evaluate(instance, condition):
    """True, False or None (unknown, as SQL's NULL) for `condition` on the row; Unsupported if it cannot."""
    if not isinstance(condition, Q):
        raise Unsupported(condition)
    results = []
    for child in condition.children:
        if isinstance(child, tuple):
            results.append(_lookup(instance, *child))
        else:
            results.append(evaluate(instance, child))
    if condition.connector == Q.AND:
        result = False if False in results else (None if None in results else True)
    elif condition.connector == Q.OR:
        result = True if True in results else (None if None in results else False)
    else:
        raise Unsupported(condition.connector)
    if condition.negated and result is not None:
        result = not result
    return result


class QuickChecks:
    """Mixin for a model (put it before the model base): Django's `validate_constraints`, evaluating the
    check constraints it can in Python."""

    def validate_constraints(self, exclude=None):
        exclude = set(exclude or ())
        using = router.db_for_write(self.__class__, instance=self)
        errors = {}
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    if not (isinstance(constraint, CheckConstraint) and self._check_quickly(constraint, exclude)):
                        constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:  # filed as Django's Model.validate_constraints files it
                    if getattr(error, "code", None) == "unique" and len(constraint.fields) == 1:
                        errors.setdefault(constraint.fields[0], []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _check_quickly(self, constraint: CheckConstraint, exclude: set) -> bool:
        """Whether the check was decided here (raising if it fails); False leaves it to Django."""
        read = {reference[0] for reference in self._get_expr_references(constraint.condition)}
        if not read <= {field.name for field in self._meta.local_concrete_fields} | {"pk"}:
            return False  # an attname, a relation or a parent's field: as Django resolves it
        if read & exclude:
            return True  # Django skips a constraint on an excluded field
        try:
            result = evaluate(self, constraint.condition)
        except (Unsupported, FieldDoesNotExist, TypeError):
            return False
        if result is False:
            raise ValidationError(constraint.get_violation_error_message(), code=constraint.violation_error_code)
        return True
