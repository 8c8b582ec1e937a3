"""URL parts that read as people say them: a flat `12-2-301`, a receipt `2024-000123`."""


class FlatConverter:
    regex = r"[0-9]{1,6}-[0-9]{1,6}-[0-9]{1,6}"

    def to_python(self, value: str) -> tuple[int, int, int]:
        building, unit, room = (int(part) for part in value.split("-"))
        return building, unit, room

    def to_url(self, value) -> str:
        """A Household, a (building, unit, room) tuple or a label."""
        if hasattr(value, "label"):
            return value.label
        if isinstance(value, tuple | list):
            return "-".join(str(part) for part in value)
        return str(value)


class ReceiptConverter:
    regex = r"[0-9]{4}-[0-9]{1,9}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return value.receipt_no if hasattr(value, "receipt_no") else str(value)
