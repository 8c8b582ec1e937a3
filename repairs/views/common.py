class ActiveFiltersMixin:
    """Names the filters the visitor set, so the filter box opens and counts them (an unticked box is not one)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        fields = context["filter"].form.fields
        context["active_filters"] = [name for name in fields if self.request.GET.get(name)]
        return context
