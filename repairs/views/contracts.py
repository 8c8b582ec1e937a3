"""Contractors, contracts and their price lists: the committee keeps them, the steward reads them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from repairs import services
from repairs.forms import ContractForm, ContractorForm, DocumentForm, PriceItemForm
from repairs.models import Contract, Contractor, PriceItem
from trustmgmt.base.files import serve_file
from trustmgmt.base.forms import add_service_errors
from trustmgmt.base.roles import permission_required


@permission_required("repairs.view_contract")
def contract_list(request: HttpRequest) -> HttpResponse:
    contracts = Contract.objects.select_related("contractor")
    context = {
        "contracts": contracts,
        "contractors": Contractor.objects.all(),
        "in_force": services.contract_in_force(timezone.localdate()),
    }
    return render(request, "repairs/contract_list.html", context)


@permission_required("repairs.view_contract")
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_object_or_404(Contract.objects.select_related("contractor", "created_by"), pk=pk)
    context = {
        "contract": contract,
        "items": list(contract.price_items.all()),
        "in_force": contract.covers(timezone.localdate()),
        "document_form": DocumentForm() if request.user.has_perm("repairs.change_contract") else None,
    }
    return render(request, "repairs/contract_detail.html", context)


@permission_required("repairs.view_contract")
def contract_document(request: HttpRequest, pk: int) -> HttpResponse:
    return serve_file(get_object_or_404(Contract, pk=pk).document)


@permission_required("repairs.change_contract")
def contract_upload_document(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_object_or_404(Contract, pk=pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_attach_document(contract=contract, document=form.cleaned_data["document"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The contract document is stored."))
            return redirect("repairs:contract", contract.pk)
    return render(request, "repairs/simple_form.html", {"form": form, "title": contract.title, "multipart": True})


@permission_required("repairs.add_contract")
def contract_create(request: HttpRequest) -> HttpResponse:
    form = ContractForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The contract is recorded. Now enter its price list."))
            return redirect("repairs:contract", contract.pk)
    return render(
        request, "repairs/simple_form.html", {"form": form, "title": _("New repair contract"), "multipart": True}
    )


@permission_required("repairs.add_contractor")
def contractor_create(request: HttpRequest) -> HttpResponse:
    form = ContractorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contractor_create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The contractor is recorded."))
            return redirect("repairs:contracts")
    return render(request, "repairs/simple_form.html", {"form": form, "title": _("New contractor")})


@permission_required("repairs.change_contractor")
def contractor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contractor = get_object_or_404(Contractor, pk=pk)
    initial = {field: getattr(contractor, field) for field in ("company", "contact_person", "phone", "notes")}
    form = ContractorForm(request.POST or None, initial=initial)
    form.fields["company"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.contractor_update(
                contractor=contractor, contact_person=data["contact_person"], phone=data["phone"], notes=data["notes"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The contractor is updated."))
            return redirect("repairs:contracts")
    return render(request, "repairs/simple_form.html", {"form": form, "title": contractor.company})


@permission_required("repairs.add_priceitem")
def price_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_object_or_404(Contract, pk=pk)
    form = PriceItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.price_item_add(contract=contract, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The item is added to the price list."))
            if "another" in request.POST:
                return redirect("repairs:price_item_add", contract.pk)
            return redirect("repairs:contract", contract.pk)
    return render(request, "repairs/simple_form.html", {"form": form, "title": contract.title, "another": True})


@permission_required("repairs.change_priceitem")
def price_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(PriceItem.objects.select_related("contract"), pk=pk)
    fields = ("code", "name", "unit", "unit_price", "reference_price", "reference_source")
    form = PriceItemForm(request.POST or None, initial={field: getattr(item, field) for field in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.price_item_update(item=item, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The price-list item is updated; lines already written keep their price."))
            return redirect("repairs:contract", item.contract_id)
    return render(request, "repairs/simple_form.html", {"form": form, "title": item.contract.title})
