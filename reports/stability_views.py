"""The High Needs Stability Grant evidence as a Word paper (finance and council admins only, as its page)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from accounts.access import FINANCE_EDITORS, council_access
from dsg.selectors import stability_evidence_for_council
from dsg.stability import stability_year_chosen
from reports.stability_paper import stability_paper

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def stability_paper_download(request, slug):
    access = council_access(request.user, slug, FINANCE_EDITORS)
    year = stability_year_chosen(request.GET.get("year"))  # the newest year when none is given
    if year is None:
        raise Http404("The DfE does not ask for evidence for that year")
    evidence = stability_evidence_for_council(council=access.council, financial_year=year)
    response = HttpResponse(
        stability_paper(council_name=access.council.name, evidence=evidence), content_type=DOCX
    )
    name = f"{access.council.slug}-stability-grant-{evidence.year_end:%Y-%m-%d}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
