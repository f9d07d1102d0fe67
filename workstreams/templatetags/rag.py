import html

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from workstreams.rag import RAG_DEFINITIONS, RAG_TAG_CLASSES, Rag

register = template.Library()


# Each tag is one of five fixed pieces of markup, written once (a milestones page writes one per row, a
# Forum report several per workstream).
_TAGS = {
    **{
        rag.value: format_html(
            '<strong class="govuk-tag app-rag {}" title="{}">{}</strong>',
            RAG_TAG_CLASSES[rag],
            RAG_DEFINITIONS[rag],
            rag.label,
        )
        for rag in Rag
    },
    "complete": format_html(
        '<strong class="govuk-tag app-rag {}">Complete</strong>', RAG_TAG_CLASSES["complete"]
    ),
}
_NOT_RATED = format_html('<strong class="govuk-tag app-rag {}">Not rated</strong>', RAG_TAG_CLASSES[""])


def escaped(value) -> str:
    """conditional_escape(value) as text, without its lazy-string wrapper (format_html's per argument)."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


@register.simple_tag
def rag_tag(value) -> str:
    """A GOV.UK tag with the RAG word in it (never colour alone), and its definition as a tooltip.

    `value` is a Rag, "green"/"amber"/"red", "complete", or empty for not yet rated.
    """
    return _TAGS.get(str(value or ""), _NOT_RATED)


@register.simple_tag
def milestone_rag(milestone, today=None) -> str:
    """A milestone's effective RAG tag, and beside it what the tag alone does not say (overdue for how
    long; the officer's own RAG and reason when they hold one), so both are always shown."""
    today = today or timezone.localdate()
    tag = rag_tag(milestone.status_key_on(today))
    note = milestone.status_note_on(today)
    if not note:
        return tag
    return mark_safe(f'{tag} <span class="app-rag-note govuk-body-s">{escaped(note)}</span>')  # noqa: S308


@register.simple_tag
def milestone_flags(milestone, update_due_days: int | None = None, empty: str = "–", today=None) -> str:
    """Overdue, slipped (by how long, in months and years) and, given the council's setting, update due."""
    today = today or timezone.localdate()
    tags = []
    if milestone.is_overdue_on(today):
        tags.append(("govuk-tag--orange", f"Overdue {milestone.overdue_for_on(today)}"))
    if milestone.is_slipped:
        tags.append(("govuk-tag--purple", f"Slipped {milestone.slippage}"))
    if update_due_days and milestone.is_update_due_on(today, days=update_due_days):
        tags.append(("govuk-tag--grey", "Update due"))
    if not tags:
        return empty
    # format_html_join(" ", '<strong class="govuk-tag {}">{}</strong>', tags), each part escaped the same
    return mark_safe(  # noqa: S308
        " ".join(f'<strong class="govuk-tag {escaped(c)}">{escaped(t)}</strong>' for c, t in tags)
    )


@register.filter
def overdue_for(milestone, today) -> str:
    """{{ m|overdue_for:today }}: "4 months" ("" when not overdue)."""
    return milestone.overdue_for_on(today)
