"""The admin: reference data is edited through the services; money records are for reading only.

Households and fee plans save through `ledger.services` (so dues follow, and a plan with payments cannot
change); nothing of theirs can be deleted here. Journal entries, payments, expenditures, publications,
dues, fee-year closings and the chain head are read-only for everyone, superusers included: a mistake is
reversed (红冲) on the ledger's own pages, never edited away.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ledger import services
from ledger.models import (
    POOLS,
    Account,
    Budget,
    BudgetLine,
    ChainHead,
    DayClose,
    Due,
    Entry,
    Expenditure,
    FeePlan,
    FeeYearClosing,
    Household,
    MethodAccount,
    Occupancy,
    Payment,
    PoolAdvance,
    PoolSettlement,
    Publication,
    StatementLine,
    Transfer,
)
from trustmgmt.base.forms import add_service_errors


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable by those with the view permission; no one adds, changes or deletes."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}


class ServiceSavedAdmin(admin.ModelAdmin):
    """Saves through a service; a refusal becomes the form's error instead of a half-written row."""

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        model_admin = self

        class ServiceForm(form):
            def _post_clean(self):
                super()._post_clean()
                if self.is_valid():
                    model_admin.check_with_service(request, self.instance, self)

        return ServiceForm

    def check_with_service(self, request, obj, form) -> None:
        """Run the service here, where a ValidationError can still land on the form (save_model is too late)."""
        try:
            form.saved_by_service = self.save_with_service(request, obj, form)
        except ValidationError as error:
            add_service_errors(form, error)

    def save_model(self, request, obj, form, change):
        # Written by check_with_service, in the admin's transaction; the admin goes on to log it and redirect.
        obj.pk = form.saved_by_service.pk

    def save_with_service(self, request, obj, form):
        raise NotImplementedError


@admin.register(Household)
class HouseholdAdmin(ServiceSavedAdmin):
    list_display = ("label", "owner_name", "occupancy", "occupancy_since")
    list_filter = ("occupancy", "building")
    search_fields = ("owner_name",)
    ordering = ("building", "unit", "room")
    fields = ("building", "unit", "room", "owner_name", "phone", "occupancy", "occupancy_since", "notes")

    def get_readonly_fields(self, request, obj=None):
        return ("building", "unit", "room") if obj else ()

    def save_with_service(self, request, obj, form):
        data = form.cleaned_data
        if obj.pk is None:
            return services.household_create(
                building=data["building"],
                unit=data["unit"],
                room=data["room"],
                owner_name=data["owner_name"],
                phone=data["phone"],
                occupancy=data["occupancy"],
                occupancy_since=data["occupancy_since"],
                notes=data["notes"],
            )
        stored = Household.objects.get(pk=obj.pk)
        household = services.household_update(
            household=stored, owner_name=data["owner_name"], phone=data["phone"], notes=data["notes"]
        )
        if data["occupancy"] != stored.occupancy:
            since = data["occupancy_since"] or timezone.localdate()
            household = services.household_set_occupancy(household=household, occupancy=data["occupancy"], since=since)
        return household


@admin.register(FeePlan)
class FeePlanAdmin(ServiceSavedAdmin):
    list_display = ("year", "starts_on", "ends_on", "occupied_total", "vacant_total")
    fields = (
        "year",
        "starts_on",
        "ends_on",
        *(f"{pool}_{occupancy}" for occupancy in Occupancy.values for pool in POOLS),
    )

    def get_readonly_fields(self, request, obj=None):
        return ("year", "starts_on", "ends_on") if obj else ()

    @admin.display(description=_("occupied, in all"))
    def occupied_total(self, plan):
        return plan.total(Occupancy.OCCUPIED)

    @admin.display(description=_("vacant, in all"))
    def vacant_total(self, plan):
        return plan.total(Occupancy.VACANT)

    def save_with_service(self, request, obj, form):
        data = form.cleaned_data
        amounts = {occupancy: {pool: data[f"{pool}_{occupancy}"] for pool in POOLS} for occupancy in Occupancy.values}
        if obj.pk is None:
            return services.fee_plan_create(
                year=data["year"],
                occupied=amounts[Occupancy.OCCUPIED],
                vacant=amounts[Occupancy.VACANT],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                created_by=request.user,
            )
        stored = FeePlan.objects.get(pk=obj.pk)
        return services.fee_plan_update(
            fee_plan=stored, occupied=amounts[Occupancy.OCCUPIED], vacant=amounts[Occupancy.VACANT]
        )


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "value_date", "period", "amount", "counterparty", "reference")
    list_filter = ("kind", "flow", "period")
    search_fields = ("counterparty", "reference", "memo")
    list_select_related = True
    exclude = ("salt",)  # the commitment's secret: it would let anyone test guesses against the public journal


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "household", "paid_on", "amount", "method", "recorded_by")
    list_filter = ("method", "fee_plan")
    list_select_related = ("household", "fee_plan", "recorded_by")


@admin.register(Expenditure)
class ExpenditureAdmin(ReadOnlyAdmin):
    list_display = ("spent_on", "pool", "payee", "amount", "status")
    list_filter = ("status", "pool")
    search_fields = ("payee", "description", "reference")
    exclude = ("voucher",)  # served only by the permission-checked voucher view, never by a media URL


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "published_at", "fingerprint")
    exclude = ("document",)


@admin.register(Due)
class DueAdmin(ReadOnlyAdmin):
    list_display = ("household", "fee_plan", "occupancy", "total")
    list_filter = ("fee_plan", "occupancy")
    list_select_related = ("household", "fee_plan")


@admin.register(ChainHead)
class ChainHeadAdmin(ReadOnlyAdmin):
    list_display = ("hash", "entries")


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class BudgetLineInline(ReadOnlyInline):
    model = BudgetLine
    fields = ("pool", "label", "payee", "amount", "basis")
    readonly_fields = fields


class PoolSettlementInline(ReadOnlyInline):
    model = PoolSettlement


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin):
    """Read-only: drafts are edited, and approved, on the budget pages (through `ledger.budgets.services`)."""

    list_display = ("fee_plan", "version", "status", "approved_at")
    list_filter = ("status",)
    inlines = [BudgetLineInline]


@admin.register(FeeYearClosing)
class FeeYearClosingAdmin(ReadOnlyAdmin):
    list_display = ("fee_plan", "next_plan", "closed_by", "closed_at", "minute")
    list_select_related = ("fee_plan", "next_plan", "closed_by")
    inlines = [PoolSettlementInline]


# Where the money sits (issue 12): the committee's accounts and where each payment method lands are set up
# here; what moved, deposits, day-closes and statements are records, read-only like the journal.


class MethodAccountInline(admin.TabularInline):
    model = MethodAccount
    extra = 0


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "bank_name", "number")
    inlines = [MethodAccountInline]

    def has_delete_permission(self, request, obj=None):
        return False  # an account money moved through stays on record


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = ("moved_on", "kind", "from_account", "to_account", "amount", "slip_number")
    exclude = ("scan",)


@admin.register(DayClose)
class DayCloseAdmin(ReadOnlyAdmin):
    list_display = ("day", "account", "expected", "counted", "difference", "reason", "corrects")


@admin.register(StatementLine)
class StatementLineAdmin(ReadOnlyAdmin):
    list_display = ("line_date", "account", "amount", "balance", "counterparty", "memo", "serial")
    list_filter = ("account",)


@admin.register(PoolAdvance)
class PoolAdvanceAdmin(ReadOnlyAdmin):
    list_display = ("value_date", "from_pool", "to_pool", "amount", "reason", "approved_by")
