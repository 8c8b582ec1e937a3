"""Writing the files the import commands read: CSV in a given encoding, or XLSX."""

from pathlib import Path

from django.core.management import call_command
from openpyxl import Workbook


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8") -> Path:
    text = "\n".join(",".join("" if cell is None else str(cell) for cell in row) for row in rows) + "\n"
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def run(command: str, path: Path, *args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(command, str(path), *args, stdout=out)
    return out.getvalue()
