"""The one GOV.UK-styled base table every list page uses (django-tables2)."""

import django_tables2 as tables


class BaseTable(tables.Table):
    class Meta:
        attrs = {
            "class": "govuk-table app-table",
            "thead": {"class": "govuk-table__head"},
            "tbody": {"class": "govuk-table__body"},
            "th": {"class": "govuk-table__header", "scope": "col"},
            "td": {"class": "govuk-table__cell"},
        }
        row_attrs = {"class": "govuk-table__row"}
        template_name = "tables/govuk.html"
        empty_text = "Nothing matches these filters."
