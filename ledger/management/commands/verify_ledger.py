from django.core.management.base import BaseCommand, CommandError

from ledger import journal
from ledger.decisions import chain


class Command(BaseCommand):
    help = (
        "Recompute the journal's hash chain, and the chain of closed owners' decisions, and compare them with "
        "what is stored. Prints the fingerprint "
        "when every entry matches; otherwise names the first entry that does not and exits non-zero."
    )

    def handle(self, *args, **options):
        checked, broken = journal.verify()
        if broken is not None:
            where = f"entry #{broken.entry_id}" if broken.entry_id is not None else "the end of the journal"
            raise CommandError(
                f"Ledger verification FAILED at {where}: {broken.reason}. {checked} entries before it are intact."
            )
        results, broken_result = chain.verify()
        if broken_result is not None:
            raise CommandError(
                f"Decision verification FAILED at result #{broken_result.result_id}: {broken_result.reason}. "
                f"{results} results before it are intact."
            )
        self.stdout.write(f"Ledger intact: {checked} entries, fingerprint {journal.fingerprint()}")
        self.stdout.write(f"Owners' decisions intact: {results} closed, last hash {chain.latest_hash()}")
