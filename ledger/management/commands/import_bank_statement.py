from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from ledger import importers
from ledger.accounts import services
from ledger.accounts.statements import LAYOUTS
from ledger.models import Account
from trustmgmt.base.refusals import first_message


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Import a bank statement into an account: a .csv (UTF-8 or GBK) or .xlsx file as the bank's online "
        "banking exports it (transaction date, money in and out or one signed amount, running balance, "
        "counterparty, memo, serial number). The layout is recognised from the header (presets: "
        + ", ".join(LAYOUTS)
        + "). Every line's balance must follow from the one before. Lines already imported are skipped, so "
        "importing a file again changes nothing. All or nothing: if any line is bad, every bad line is listed "
        "with its line number, nothing is written and the exit status is non-zero. Then matches the lines "
        "to the books."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the statement, .csv or .xlsx")
        parser.add_argument("--account", required=True, metavar="NAME", help="the bank account's name in the ledger")
        parser.add_argument("--layout", choices=list(LAYOUTS), help="the column layout, if not recognised")
        parser.add_argument("--user", metavar="USERNAME", help="who imports it (default: the 'import' account)")
        parser.add_argument("--dry-run", action="store_true", help="check every line and report, but write nothing")

    def handle(self, *args, file: str, account: str, layout, user, dry_run: bool, **options):
        by = importers.import_user(user)
        if by is None:
            raise CommandError(_("There is no user “%(name)s”.") % {"name": user})
        target = Account.objects.filter(name=account).first()
        if target is None:
            names = ", ".join(Account.objects.values_list("name", flat=True))
            raise CommandError(
                _("There is no account “%(name)s”; the accounts are: %(names)s.") % {"name": account, "names": names}
            )
        try:
            with transaction.atomic():
                result = services.statement_import(account=target, path=file, by=by, layout=layout, command_line=True)
                if dry_run:
                    raise Rollback
        except Rollback:
            pass
        except importers.ImportFailed as failure:
            lines = "\n".join(f"  {problem}" for problem in failure.problems)
            heading = _("Nothing was imported from %(file)s: %(count)s problem(s).") % {
                "file": file,
                "count": len(failure.problems),
            }
            raise CommandError(f"{heading}\n{lines}") from None
        except ValidationError as error:
            raise CommandError(first_message(error)) from None
        message = _("%(file)s: %(read)s lines read, %(added)s new, %(matched)s matched, %(proposed)s proposed.") % {
            "file": file,
            "read": result.read,
            "added": result.added,
            "matched": result.matched,
            "proposed": result.proposed,
        }
        if dry_run:
            message = _("Dry run, nothing written.") + " " + message
        self.stdout.write(self.style.SUCCESS(message))
