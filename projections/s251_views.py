"""The s251 mapping page: how the DfE's s251 high-needs lines map to the forecast's provision types, what that
gives for each year the DfE has published, and (for finance) a new version of the mapping."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from accounts.access import council_access
from accounts.pages import council_page
from core.forms import GovukForm
from projections.engine import PROVISION_TYPES
from projections.s251_mapping import CHOICES, GROUPS, PHASE_LABELS, PHASE_TYPES, assignment_label
from projections.s251_selectors import (
    s251_mapping_in_use,
    s251_mapping_versions,
    s251_outturn_by_provision_type,
)
from projections.s251_services import S251MappingError, s251_mapping_save


class S251MappingForm(GovukForm):
    note = forms.CharField(
        label="Why it changed",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, assignments: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for group, (label, lines) in GROUPS.items():
            self.fields[group] = forms.ChoiceField(
                label=label, help_text=f"s251 lines {lines}", choices=CHOICES, initial=assignments[group]
            )
        self.order_fields([*GROUPS, "note"])
        self.style_fields()  # the group fields are added after GovukForm styled the note

    @property
    def group_fields(self):
        return [self[group] for group in GROUPS]

    def assignments(self) -> dict[str, str]:
        return {group: self.cleaned_data[group] for group in GROUPS}


@login_required
@require_http_methods(["GET", "POST"])
def s251_mapping(request, slug):
    access = council_access(request.user, slug)  # every role reads it; another council's slug is a 404
    in_use = s251_mapping_in_use(council=access.council)
    form = None
    if access.can_edit_finance:
        form = S251MappingForm(request.POST or None, assignments=in_use.assignments)
    elif request.method == "POST":
        raise PermissionDenied("Only finance and council admins change the mapping")
    if request.method == "POST" and form.is_valid():
        try:
            version = s251_mapping_save(
                council=access.council,
                user=request.user,
                assignments=form.assignments(),
                note=form.cleaned_data["note"],
            )
        except S251MappingError as error:
            for group, message in error.errors.items():
                form.add_error(group if group in form.fields else None, message)
        else:
            if version is None:
                messages.info(request, "The mapping is unchanged: no new version was saved.")
            else:
                messages.success(request, f"Mapping version {version.version} saved and in use.")
            return redirect("s251_mapping", slug)
    split = s251_outturn_by_provision_type(council=access.council, assignments=in_use.assignments)
    return council_page(
        request,
        "projections/s251_mapping.html",
        access,
        in_use=in_use,
        mapping_rows=[
            (label, lines, assignment_label(in_use.assignments[group]))
            for group, (label, lines) in GROUPS.items()
        ],
        phase_rows=[(PHASE_LABELS[p], PROVISION_TYPES[t]) for p, t in PHASE_TYPES.items()],
        versions=s251_mapping_versions(council=access.council),
        split=split,
        form=form,
        status=400 if request.method == "POST" else 200,
    )
