"""What a page makes the browser download: chart pages within 1.3 MB (420 KB gzipped) with everything they
load, pages without charts no plotly.js at all. Bytes, not timings: the same on every machine."""

import gzip
import re
from pathlib import Path

from django.conf import settings

from accounts.models import Role
from tests.conftest import member_client
from tests.factories import ForecastFactory, ForecastYearFactory

STATIC = Path(settings.BASE_DIR) / "static"


def weight(response) -> tuple[int, int, list[str]]:
    html = response.content
    assets = sorted(set(re.findall(rb'(?:src|href)="/static/([^"?]+)"', html)))
    files = [STATIC / a.decode() for a in assets if a.endswith((b".js", b".css"))]
    # JS modules import one another: govuk-init.js loads govuk-frontend.min.js.
    imported = {STATIC / "js" / m for f in files for m in re.findall(r'from "\./([^"]+)"', f.read_text())}
    everything = [html, *(f.read_bytes() for f in sorted(set(files) | imported))]
    names = [f.name for f in sorted(set(files) | imported)]
    return sum(map(len, everything)), sum(len(gzip.compress(b, 9)) for b in everything), names


def test_a_chart_page_loads_at_most_1_3_mb_and_420_kb_gzipped(home):
    forecast = ForecastFactory(plan=home.plan, is_current=True, status="published")
    for year in range(2024, 2034):
        for scenario in ("unmitigated", "target", "stretch"):
            ForecastYearFactory(forecast=forecast, financial_year=year, scenario=scenario)
    response = member_client(home.council, Role.OFFICER).get(f"/councils/{home.council.slug}/")
    raw, zipped, names = weight(response)
    assert "plotly-charts.min.js" in names
    assert raw <= 1_300_000 and zipped <= 420_000, (raw, zipped, names)


def test_a_page_without_charts_loads_no_plotly(home):
    response = member_client(home.council, Role.OFFICER).get(f"/councils/{home.council.slug}/milestones/")
    raw, zipped, names = weight(response)
    assert not any("plotly" in name for name in names), names
    assert raw <= 250_000, (raw, names)
