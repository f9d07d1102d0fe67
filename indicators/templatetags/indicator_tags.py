"""The RAG tag of an indicator: the word in the tag (never colour alone), what it means as a tooltip."""

from django import template
from django.utils.html import format_html

from workstreams.rag import RAG_TAG_CLASSES, Rag

register = template.Library()

# What each RAG means for an indicator (a milestone's words are about milestones met).
INDICATOR_RAG_DEFINITIONS = {
    Rag.GREEN: "On target, or off it by no more than the amber tolerance",
    Rag.AMBER: "Off target by more than the amber tolerance, within the red tolerance",
    Rag.RED: "Off target by more than the red tolerance",
}


@register.simple_tag
def indicator_rag(rag: str, label: str = "No target") -> str:
    if rag in Rag.values:
        value = Rag(rag)
        return format_html(
            '<strong class="govuk-tag app-rag {}" title="{}">{}</strong>',
            RAG_TAG_CLASSES[value],
            INDICATOR_RAG_DEFINITIONS[value],
            value.label,
        )
    return format_html('<strong class="govuk-tag app-rag {}">{}</strong>', RAG_TAG_CLASSES[""], label)
