from django import template
from django.utils.html import format_html

from workstreams.rag import RAG_DEFINITIONS, RAG_TAG_CLASSES, Rag

register = template.Library()


@register.simple_tag
def rag_tag(value) -> str:
    """A GOV.UK tag with the RAG word in it (never colour alone), and its definition as a tooltip.

    `value` is a Rag, "green"/"amber"/"red", "complete", or empty for not yet rated.
    """
    key = str(value or "")
    if key == "complete":
        return format_html(
            '<strong class="govuk-tag app-rag {}">Complete</strong>', RAG_TAG_CLASSES["complete"]
        )
    if key not in Rag.values:
        return format_html('<strong class="govuk-tag app-rag {}">Not rated</strong>', RAG_TAG_CLASSES[""])
    rag = Rag(key)
    return format_html(
        '<strong class="govuk-tag app-rag {}" title="{}">{}</strong>',
        RAG_TAG_CLASSES[rag],
        RAG_DEFINITIONS[rag],
        rag.label,
    )
