from django.core.management.base import BaseCommand, CommandError

from ledger import journal


class Command(BaseCommand):
    help = (
        "Recompute the journal's hash chain and compare it with what is stored. Prints the fingerprint "
        "when every entry matches; otherwise names the first entry that does not and exits non-zero."
    )

    def handle(self, *args, **options):
        checked, broken = journal.verify()
        if broken is not None:
            where = f"entry #{broken.entry_id}" if broken.entry_id is not None else "the end of the journal"
            raise CommandError(
                f"Ledger verification FAILED at {where}: {broken.reason}. {checked} entries before it are intact."
            )
        self.stdout.write(f"Ledger intact: {checked} entries, fingerprint {journal.fingerprint()}")
