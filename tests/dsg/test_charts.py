"""The plan's children charts are valid plotly figures drawn from the very rows of the page's tables."""

import json
import re

import plotly.graph_objects as go
import pytest

from accounts.models import Role
from dfe.services import release_import
from dsg.charts import ages_chart, needs_chart, plan_charts
from dsg.plan import Children
from recovery.models import Council
from tests.conftest import member_client
from tests.dfe.conftest import fixture_bytes
from tests.factories import PlanFactory

CHILDREN = Children(
    census="January 2025",
    groups=[("Mainstream schools", [1, 20, 30, 4, 0]), ("Special schools <b>", [0, 5, 9, 6, 2])],
    needs=[("Autistic spectrum disorder", 40), ("Speech, language and communication needs", 30)],
    source="DfE, test",
)


def test_the_ages_chart_stacks_a_bar_per_band_from_the_tables_rows():
    chart = ages_chart(CHILDREN)
    go.Figure(chart.figure)  # validates
    assert [t["name"] for t in chart.figure["data"]] == CHILDREN.bands
    assert [t["x"] for t in chart.figure["data"]][1] == [20, 5]  # "5 to 10" of each group
    assert chart.figure["layout"]["barmode"] == "stack"
    assert chart.rows == [["Mainstream schools", 1, 20, 30, 4, 0], ["Special schools <b>", 0, 5, 9, 6, 2]]
    assert "Special schools &lt;b&gt;" in chart.figure["data"][0]["y"][1]  # inert: drawn, never markup


def test_the_needs_chart_has_a_bar_per_need_most_first():
    chart = needs_chart(CHILDREN)
    go.Figure(chart.figure)
    assert chart.figure["data"][0]["x"] == [40, 30]
    assert chart.rows == [[n, c] for n, c in CHILDREN.needs]


def test_no_rows_no_chart():
    assert plan_charts(Children()) == {"ages": None, "needs": None}


@pytest.fixture
def rutland(db):
    for name in ("la_codes.csv", "ehcp_2025_demand.zip", "ehcp_2025_extract.zip"):
        release_import(data=fixture_bytes(name), file_name=name, user=None)
    council = Council.objects.get(la_code="857")
    PlanFactory(council=council, first_year=2024, last_year=2028)
    return council


def test_the_plan_page_draws_each_chart_from_its_tables_figures(rutland):
    page = member_client(rutland, Role.FORUM).get(f"/councils/{rutland.slug}/dsg/plan/").content.decode()
    ages = json.loads(re.search(r'id="chart-plan-ages" type="application/json">(.*?)</script>', page)[1])
    needs = json.loads(re.search(r'id="chart-plan-needs" type="application/json">(.*?)</script>', page)[1])
    assert sum(sum(trace["x"]) for trace in ages["data"]) == 376  # Rutland, January 2025, SEN2
    assert sum(needs["data"][0]["x"]) == 376
    table = page.split('id="needs"')[1].split("</table>")[0]
    counts = [int(c) for c in re.findall(r'app-table__cell--numeric">(\d+)</td>', table)]
    assert counts == needs["data"][0]["x"]  # the table is the chart's data table
    label = "Chart: EHC plans by primary need, January 2025. The same figures are in the table below."
    assert f'aria-label="{label}"' in page
    assert "js/charts.js" in page


def test_a_published_versions_charts_are_drawn_from_its_frozen_figures(rutland):
    from dsg.models import PlanVersion
    from dsg.plan import children_from_snapshot
    from dsg.services import plan_publish

    version = plan_publish(council=rutland, user=None)
    PlanVersion.objects.filter(pk=version.pk).update(
        snapshot={
            **version.snapshot,
            "children": {**version.snapshot["children"], "needs": [["Frozen need", 7]]},
        }
    )  # what the version froze, whatever the DfE store holds now
    version.refresh_from_db()
    assert children_from_snapshot(version.snapshot["children"]).needs == [("Frozen need", 7)]
    page = member_client(rutland, Role.FORUM).get(f"/councils/{rutland.slug}/dsg/plan/versions/1/")
    body = page.content.decode()
    needs = json.loads(re.search(r'id="chart-plan-needs" type="application/json">(.*?)</script>', body)[1])
    assert needs["data"][0]["x"] == [7] and "Frozen need" in needs["data"][0]["y"][0]
    ages = json.loads(re.search(r'id="chart-plan-ages" type="application/json">(.*?)</script>', body)[1])
    assert sum(sum(trace["x"]) for trace in ages["data"]) == 376
