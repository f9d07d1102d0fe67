"""The one GOV.UK-styled base table every list page uses (django-tables2)."""

import html
import inspect
import re
from datetime import date
from functools import lru_cache

import django_tables2 as tables
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template import Template
from django.template.base import render_value_in_context
from django.templatetags.l10n import localize, unlocalize
from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django_tables2 import utils as tables_utils
from django_tables2.columns import ManyToManyColumn
from django_tables2.columns import templatecolumn as tables_templatecolumn
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.rows import BoundRow


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


# --- rendering cost (issue 22) ----------------------------------------------------------------------------
# django-tables2 works out each cell's render function's signature (inspect.signature) for every cell it
# renders: half its time on a 300-row page. A function's signature does not change, so it is worked out once
# per function (a bound method by its function: the same for every instance). Process-wide, bounded.
_signature = tables_utils.signature
_SIGNATURES: dict = {}


def _cached_signature(fn):
    key = (fn.__func__, True) if inspect.ismethod(fn) else (fn, False)
    try:
        return _SIGNATURES[key]
    except KeyError:
        pass
    except TypeError:  # unhashable
        return _signature(fn)
    if len(_SIGNATURES) > 4096:
        _SIGNATURES.clear()
    _SIGNATURES[key] = result = _signature(fn)
    return result


tables_utils.signature = _cached_signature


# Its TemplateColumn (and so every DateColumn and DateTimeColumn) compiles its template code again for every
# cell: a fifth of the milestones table. A compiled Template renders any number of times, so each code is
# compiled once per process.
@lru_cache(maxsize=256)
def _compiled(template_code: str) -> Template:
    return Template(template_code)


tables_templatecolumn.Template = _compiled


def _has_callables(attrs) -> bool:
    return any(callable(value) for value in (attrs or {}).values())


def _cell_html(value, context) -> str:
    """render_value_in_context (what {{ cell }} does), with its common cases short: text that is already
    HTML, plain text (escaped) and whole numbers (no thousands separator here, as localize gives them)."""
    kind = type(value)
    if kind is SafeString:
        return value
    if kind is str and context.autoescape:
        return html.escape(value)
    if kind is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return render_value_in_context(value, context)


def _dict_cell(table, row, bound_column, record: dict):
    """BoundRow.get_cell for a row that is a plain dict and a column read by a plain key: the same steps
    (the value, the column's default when it is empty, the render method with the arguments it names, the
    link), without looking the column up by name and the accessor machinery (half the national table)."""
    value = record.get(str(bound_column.accessor))
    if callable(value):  # the accessor calls it: leave that to django-tables2
        return row.get_cell(bound_column.name)
    return _rendered_cell(table, row, bound_column, record, value)


def _model_cell(table, row, bound_column, record: models.Model):
    """BoundRow.get_cell for a model row and a column read by a plain attribute name: the same value as its
    accessor gives (a field with choices reads as its display, get_FOO_display(); an attribute the record
    lacks, as None), then the same steps as _dict_cell. Anything else is left to django-tables2."""
    name = str(bound_column.accessor)
    try:
        field = record._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if field is not None and getattr(field, "choices", ()) and hasattr(record, f"get_{name}_display"):
        value = getattr(record, f"get_{name}_display")()
    else:
        try:
            value = getattr(record, name)
        except Exception:  # as the accessor's failure leaves it (non-field columns, a missing related row)
            value = None
        if callable(value):  # the accessor calls it: leave that to django-tables2
            return row.get_cell(bound_column.name)
    return _rendered_cell(table, row, bound_column, record, value)


# A DateColumn's template, '{{ value|date:"<format>"|default:default }}' (django-tables2's DateColumn).
_DATE_TEMPLATE = re.compile(r'\{\{ value\|date:"([^"]*)"\|default:default \}\}')


@lru_cache(maxsize=256)
def _date_format_of(template_code: str) -> str | None:
    match = _DATE_TEMPLATE.fullmatch(template_code)
    return match.group(1) if match else None


def _date_cell(column, render, value) -> str | None:
    """What a plain DateColumn's template renders for a date (not a datetime: the template would first move
    it to local time): the `date` filter's text, escaped, without a Context and a template per cell (the
    milestones table's two date columns were a sixth of its page). None when that is not the case."""
    if type(column) is not tables.DateColumn or type(value) is not date or column.extra_context:
        return None
    if getattr(render, "__func__", None) is not tables.DateColumn.render:  # a table's own render_<name>
        return None
    date_format = _date_format_of(column.template_code)
    if date_format is None:
        return None
    text = formats.date_format(value, date_format)
    return mark_safe(html.escape(text)) if text else None  # noqa: S308  (escaped)


def _rendered_cell(table, row, bound_column, record, value):
    column = bound_column.column
    if value in column.empty_values:
        return bound_column.default
    render = bound_column.render
    if not bound_column.link and (cell := _date_cell(column, render, value)) is not None:
        return cell
    kwargs = {
        "value": value,
        "record": record,
        "column": column,
        "bound_column": bound_column,
        "bound_row": row,
        "table": table,
    }
    names, catch_all = tables_utils.signature(render)
    if not catch_all:
        kwargs = {name: kwargs[name] for name in names if name in kwargs}
        if len(kwargs) < len(names):
            return None
    content = render(**kwargs)
    return bound_column.link(content, **kwargs) if bound_column.link else content


def _dotted(bound_column) -> bool:
    """Read through a path, or a link column (its text when the value is missing): django-tables2's way."""
    accessor = str(bound_column.accessor)
    column = bound_column.column
    return "." in accessor or "__" in accessor or isinstance(column, (BaseLinkColumn, ManyToManyColumn))


def table_body_rows(table, context) -> SafeString:
    """The <tr> rows of `table`'s body, as the template loop in tables/govuk.html wrote them (same cells, same
    escaping and localisation, same attributes), in one Python pass: the template loop resolved a dozen
    variables per cell. A cell's <td> attributes are worked out once per column, and a row's once per set of
    attributes, unless they are computed per record (callables)."""
    columns = list(table.columns)
    per_record = {
        column.name
        for column in columns
        if _has_callables(column.column.attrs.get("td"))
        or _has_callables(column.column.attrs.get("cell"))
        or _has_callables(table.attrs.get("td"))
        or _has_callables(table.attrs.get("cell"))
    }
    rows_vary = _has_callables(table.row_attrs)
    plain = {column.name for column in columns if not _dotted(column)}
    # A table may write its cells itself from a row, a dict or a model instance (`cells_html(record) ->
    # {column name: HTML}`), when no cell's attributes are per record and no column localises (its tests
    # hold it to this output).
    own_cells = getattr(table, "cells_html", None)
    if own_cells is not None and (per_record or any(column.localize is not None for column in columns)):
        own_cells = None
    td_html: dict[str, str] = {}
    tr_html: dict[tuple, str] = {}
    parts = []
    if own_cells is not None and not rows_vary:
        written = _own_cells_rows(table, columns, own_cells)
        if written is not None:
            return written
    for row in table.paginated_rows:
        attrs = row.attrs
        key = tuple(attrs.items())
        if rows_vary or key not in tr_html:
            tr_html[key] = attrs.as_html()
        parts.append(f"<tr {tr_html[key]}>")
        record = row.record
        if own_cells is not None and (type(record) is dict or isinstance(record, models.Model)):
            written = own_cells(record)
            for column in columns:
                name = column.name
                if name not in td_html:
                    td_html[name] = column.attrs["td"].as_html()
                parts.append(f"<td {td_html[name]}>{written[name]}</td>")
            parts.append("</tr>")
            continue
        if type(record) is dict or isinstance(record, models.Model):
            cell_of = _dict_cell if type(record) is dict else _model_cell
            cells = []
            for column in columns:
                column.current_record = record
                if column.name in plain:
                    column.current_value = cell_of(table, row, column, record)
                else:
                    column.current_value = row.get_cell(column.name)
                cells.append((column, column.current_value))
        else:
            cells = row.items()
        for column, cell in cells:
            name = column.name
            if name in per_record or name not in td_html:
                td_html[name] = column.attrs["td"].as_html()
            if column.localize is not None:
                cell = localize(cell) if column.localize else unlocalize(cell)
            parts.append(f"<td {td_html[name]}>{_cell_html(cell, context)}</td>")
        parts.append("</tr>")
    return mark_safe("\n".join(parts))  # noqa: S308  (every part escaped above, as the template does)


def _own_cells_rows(table, columns, own_cells) -> SafeString | None:
    """table_body_rows for a table that writes its own cells from dict rows, without a BoundRow per row: a
    row's attributes then differ only by django-tables2's odd/even class, so they are worked out from the
    first row of each kind (a BoundRow each, which takes its place in the table's row counter as every row
    does). None when the rows are paginated or pinned, or a record is not a dict (the general path)."""
    if hasattr(table, "page") or any(table.rows.pinned_data.values()):
        return None
    records = table.rows.data
    if not all(type(record) is dict for record in records):
        return None
    cells = [(f"<td {column.attrs['td'].as_html()}>", column.name) for column in columns]
    tr_html: dict[bool, str] = {}
    rows = []
    for record in records:
        if len(tr_html) < 2:
            row = BoundRow(record, table=table)
            odd = row.get_even_odd_css_class() == "odd"
            if odd not in tr_html:
                tr_html[odd] = f"<tr {row.attrs.as_html()}>\n"
        else:  # the counter a BoundRow would have taken
            odd = bool(next(table._counter) % 2)
        written = own_cells(record)
        # The lines table_body_rows writes: <tr …>, a <td …>…</td> per column, </tr>.
        rows.append(
            tr_html[odd] + "\n".join([td + written[name] + "</td>" for td, name in cells]) + "\n</tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308  (cells_html escapes every value it writes)
