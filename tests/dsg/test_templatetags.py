"""The plan's financial summary rows rendered in Python: the same table as template nodes would give,
every value escaped, each year's DSG total in bold."""

from dsg.templatetags.dsg_plan import financial_summary_rows


def test_it_writes_a_row_per_block_with_the_year_the_block_as_its_header_and_the_figures():
    html = financial_summary_rows(
        [["2023-24", "Schools", "£1,135,701", "−£1,500,000", "£1,135,701", "£0", "£0"]]
    )
    assert html == (
        '<tr class="govuk-table__row"><td class="govuk-table__cell">2023-24</td>'
        '<th scope="row" class="govuk-table__header">Schools</th>'
        '<td class="govuk-table__cell app-table__cell--numeric">£1,135,701</td>'
        '<td class="govuk-table__cell app-table__cell--numeric">−£1,500,000</td>'
        '<td class="govuk-table__cell app-table__cell--numeric">£1,135,701</td>'
        '<td class="govuk-table__cell app-table__cell--numeric">£0</td>'
        '<td class="govuk-table__cell app-table__cell--numeric">£0</td></tr>'
    )


def test_it_sets_the_dsg_total_in_bold_and_escapes_every_value():
    html = financial_summary_rows([["<b>2023-24</b>", "DSG total", "£1", "", "£2", '"x"', "&"]])
    assert 'class="govuk-table__row app-ledger__total"' in html
    assert "&lt;b&gt;2023-24&lt;/b&gt;" in html and "<b>" not in html
    assert "<strong>£1</strong>" in html and "<strong>&quot;x&quot;</strong>" in html
    assert "<strong>&amp;</strong>" in html
