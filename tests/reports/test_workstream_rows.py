"""The dashboard's workstream rows, written in one pass, are the bytes the template loop wrote."""

from datetime import date, timedelta

from django.template import Context, Template

from reports.selectors import plan_workstreams
from tests.clock import TODAY
from tests.factories import CategoryFactory, LeadFactory, MilestoneFactory, WorkstreamFactory
from workstreams.rag import Rag

# The loop the tag replaced, as it was in templates/reports/council_dashboard.html.
LOOP = """{% load rag leads %}{% for ws in workstreams %}
    <tr class="govuk-table__row">
      <th scope="row" class="govuk-table__header"><a class="govuk-link" href="{% url 'workstream_detail' council.slug ws.pk %}">{{ ws.code }}. {{ ws.title }}</a></th>
      <td class="govuk-table__cell">{% rag_tag ws.rag %}</td>
      <td class="govuk-table__cell">{% if ws.lead %}{% lead_name ws.lead %}{% endif %}</td>
      <td class="govuk-table__cell app-hide-narrow">{{ ws.category|default:"" }}</td>
      <td class="govuk-table__cell app-hide-narrow">{{ ws.start_date|date:"M Y" }}</td>
      <td class="govuk-table__cell app-hide-narrow">{{ ws.end_date|date:"M Y" }}</td>
    </tr>
  {% endfor %}"""  # noqa: E501

TAG = "{% load workstream_rows %}{% workstream_rows workstreams council.slug %}"


def _render(source: str, home) -> str:
    context = {"workstreams": plan_workstreams(plan=home.plan), "council": home.council}
    return Template(source).render(Context(context))


def test_it_writes_the_rows_the_template_loop_wrote(home):
    plan = home.plan
    home.workstream.lead = LeadFactory(council=home.council, name="Helen Carr", initials="HC")
    home.workstream.category = CategoryFactory(plan=plan, name="Sufficiency & <places>")
    home.workstream.save()
    odd = WorkstreamFactory(
        plan=plan, code="2a", title='Early help <b>"now"</b> & later', start_date=None, end_date=None
    )
    MilestoneFactory(workstream=odd, rag=Rag.GREEN, forecast_due=TODAY - timedelta(days=3))  # overdue: Red
    initials_only = WorkstreamFactory(
        plan=plan, lead=LeadFactory(council=home.council, name="", initials="AB")
    )
    MilestoneFactory(workstream=initials_only, completed_on=TODAY, percent_complete=100)
    WorkstreamFactory(plan=plan, start_date=date(2025, 1, 1), end_date=date(2027, 12, 31))  # not rated

    written = _render(TAG, home)

    assert written == _render(LOOP, home)
    assert "Early help &lt;b&gt;&quot;now&quot;&lt;/b&gt; &amp; later" in written
    assert "Sufficiency &amp; &lt;places&gt;" in written
    assert f'href="/councils/{home.council.slug}/workstreams/{odd.pk}/"' in written
    assert "Red" in written and "Helen Carr" in written and "Jan 2025" in written


def test_it_writes_nothing_for_no_workstreams(home):
    assert Template(TAG).render(Context({"workstreams": [], "council": home.council})) == ""
