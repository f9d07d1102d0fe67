"""{% table_body_rows table %}: a table's body rows rendered in Python (core.tables.table_body_rows)."""

from django import template

from core.tables import table_body_rows as _rows

register = template.Library()


@register.simple_tag(takes_context=True)
def table_body_rows(context, table):
    return _rows(table, context)
