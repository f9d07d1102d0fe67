"""Importing a tracker: upload -> preview (what will be created and changed, or every problem) -> confirm.

The preview is the import itself run in a transaction that is rolled back; confirming runs it again for
real, in one transaction, from the same file (kept in the database in between, so any app server can take
the confirmation).
"""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import TRACKER_IMPORTERS, council_access
from accounts.pages import council_page
from core.uploads import upload_refusal
from spreadsheets.forms import TrackerUploadForm
from spreadsheets.importer import ImportRefused, import_file
from spreadsheets.importer.apply import parse_seen
from spreadsheets.importer.guards import MAX_UPLOAD_BYTES
from spreadsheets.models import PendingImport, expiry_cutoff

TEMPLATE = "spreadsheets/tracker_import.html"


@login_required
@require_http_methods(["GET", "POST"])
def tracker_import_upload(request, slug):
    access = council_access(request.user, slug, TRACKER_IMPORTERS)
    form = TrackerUploadForm(request.POST or None, request.FILES or None)
    if refused := upload_refusal(request):  # too large: refused while it arrived, nothing stored
        form.is_valid()
        form.errors["file"] = form.error_class([refused])
    result = pending = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", f"{upload.name} is larger than the 5 MB a tracker import may be")
        else:
            data = upload.read()
            try:
                result = import_file(
                    council=access.council, user=request.user, name=upload.name, data=data, apply=False
                )
            except ImportRefused as error:
                form.add_error("file", str(error))
            else:
                if result.ok:
                    PendingImport.objects.filter(uploaded_at__lt=expiry_cutoff()).delete()
                    pending = PendingImport.objects.create(
                        council=access.council,
                        uploaded_by=request.user,
                        filename=upload.name[:255],
                        content=data,
                        sha256=hashlib.sha256(data).hexdigest(),
                    )
    return council_page(request, TEMPLATE, access, form=form, result=result, pending=pending)


@login_required
@require_POST
def tracker_import_confirm(request, slug, pk):
    access = council_access(request.user, slug, TRACKER_IMPORTERS)
    pending = get_object_or_404(PendingImport, pk=pk, council=access.council, uploaded_by=request.user)
    try:
        # What the preview showed of each milestone; absent (a page from before this field) means no check.
        seen = parse_seen(request.POST["seen"]) if "seen" in request.POST else None
    except ValueError:
        seen = damaged = True
    else:
        damaged = False
    if pending.has_expired or request.POST.get("sha256") != pending.sha256 or damaged:
        pending.delete()
        messages.error(
            request, "That preview has expired. Upload the tracker again to see what it would change."
        )
        return redirect("tracker_import", slug)
    data = bytes(pending.content)
    try:
        result = import_file(
            council=access.council,
            user=request.user,
            name=pending.filename,
            data=data,
            apply=True,
            seen=seen,
        )
    except ImportRefused as error:  # the guards passed at upload; kept for safety
        pending.delete()
        messages.error(request, str(error))
        return redirect("tracker_import", slug)
    if not result.applied:
        # The plan changed since the preview so that something is now refused: nothing was written.
        return council_page(request, TEMPLATE, access, form=TrackerUploadForm(), result=result, pending=None)
    pending.delete()
    messages.success(
        request,
        f"Imported {pending.filename}: {len(result.changes)} change{'s' if len(result.changes) != 1 else ''} "
        f"made; {result.unchanged} milestone{'s' if result.unchanged != 1 else ''} already matched.",
    )
    return redirect("workstream_list", slug)
