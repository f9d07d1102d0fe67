"""The national DfE table's rows (dfe.templatetags.dfe_national): written in one pass, byte for byte what the
template loop wrote, on the DfE's real files and on awkward names and missing figures."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from dfe.national import NationalDfe, NationalDfeRow, national_dfe_rows
from dfe.templatetags.dfe_national import national_dfe_body
from tests.factories import CouncilFactory

# The loop dfe/national_figures.html had before the writer, as it was.
TEMPLATE_LOOP = Template(
    """{% load dfe_national %}{% for row in national.rows %}<tr class="govuk-table__row">
    <th scope="row" class="govuk-table__header"><a class="govuk-link" href="{% url 'dfe_figures' row.council.slug %}">{{ row.council.name }}</a></th>
    <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.plans|count }}</td>
    <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.growth_5y|percent }}</td>
    <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.mainstream_pc|percent }}</td>
    <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.special_pc|percent }}</td>
    <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.independent_pc|percent }}</td>
    <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.new|count }}</td>
    <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.ceased|count }}</td>
    <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.high_needs|money }}</td>
    <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.s251_high_needs|money }}</td>
    <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.carried_forward|money }}</td>
    <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.deficit_share_of_dsg|percent }}</td>
  </tr>{% endfor %}"""  # noqa: E501
)


def test_it_writes_every_councils_row_as_the_template_loop_did(imported):
    national = national_dfe_rows()
    assert len(national.rows) == 153
    written = national_dfe_body(national)
    assert written == TEMPLATE_LOOP.render(Context({"national": national}))
    assert ">Rutland</a>" in written and "£5.7m" in written and "None" not in written


def test_it_escapes_names_and_writes_blanks_and_negatives_as_the_template_did(db):
    odd = CouncilFactory(name='Barking & "Dagenham" <test>', slug="barking-and-dagenham")
    empty = CouncilFactory(name="Empty", slug="empty")
    full = NationalDfeRow(
        odd,
        plans=Decimal("1234.0"),
        growth_5y=Decimal("-0.05"),
        mainstream_pc=Decimal("53.45"),
        special_pc=Decimal("0"),
        independent_pc=Decimal("8.51063829787234"),
        new=Decimal("77"),
        ceased=Decimal("0"),
        high_needs=Decimal("5655999"),
        s251_high_needs=Decimal("-1"),
        carried_forward=Decimal("-1234567"),
        deficit_share_of_dsg=Decimal("3.27"),
    )
    national = NationalDfe([full, NationalDfeRow(empty)], {})
    written = national_dfe_body(national)
    assert written == TEMPLATE_LOOP.render(Context({"national": national}))
    assert "Barking &amp; &quot;Dagenham&quot; &lt;test&gt;" in written and "−£1.2m" in written


@pytest.mark.parametrize("rows", [0, 1])
def test_it_writes_nothing_for_no_councils_and_one_row_for_one(db, rows):
    national = NationalDfe([NationalDfeRow(CouncilFactory()) for _ in range(rows)], {})
    assert national_dfe_body(national) == TEMPLATE_LOOP.render(Context({"national": national}))
