"""HTML written in Python as Django's templates write it, for the pages' one-pass writers (issue 22): the
same bytes as the template loops they replace, without a template render per cell."""

import html

from django.template import Context
from django.template.base import render_value_in_context

_AUTOESCAPE = Context(autoescape=True)


def text_html(value) -> str:
    """`{{ value }}` as a template writes it: a plain str escaped (html.escape, as Django's escape does), a
    safe string as it is, anything else through the template's own steps (localized, then escaped)."""
    return html.escape(value) if type(value) is str else render_value_in_context(value, _AUTOESCAPE)


def muted_html(value) -> str:
    """`{% if value %}<br><span class="govuk-body-s app-muted">{{ value }}</span>{% endif %}`: a cell's
    second, quieter line (a period, a source)."""
    return f'<br><span class="govuk-body-s app-muted">{text_html(value)}</span>' if value else ""
