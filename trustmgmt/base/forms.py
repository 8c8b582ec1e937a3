"""What every app's forms share: reading an amount of money, and putting a service's refusal on its field."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from trustmgmt.base.money import (
    AMOUNT_TOO_LARGE,
    AMOUNT_TOO_PRECISE,
    AmountError,
    AmountTooLarge,
    AmountTooPrecise,
    parse_amount,
)

NOT_AN_AMOUNT = _("Enter an amount in yuan, such as 200 or 200.50.")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's refusal on the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class AmountField(forms.Field):
    """Yuan as typed at a desk (`200`, `200.5`, `1,234.50`, `¥200`), read as a Decimal to the fen, never a float.

    Zero and negative amounts are read too: the service refuses them with its own message.
    """

    widget = forms.TextInput(
        attrs={"inputmode": "decimal", "autocomplete": "off", "class": "amount-input", "maxlength": "20"}
    )

    def to_python(self, value):
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        if len(text) > 40:
            raise ValidationError(NOT_AN_AMOUNT, code="invalid")
        try:
            return parse_amount(text)
        except AmountTooPrecise:
            raise ValidationError(AMOUNT_TOO_PRECISE, code="precision") from None
        except AmountTooLarge:
            raise ValidationError(AMOUNT_TOO_LARGE, code="too_large") from None
        except AmountError:
            raise ValidationError(NOT_AN_AMOUNT, code="invalid") from None
