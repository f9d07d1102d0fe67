"""The Word paper of a published report, built once and kept (issue 20: it took 3.7 s and was built again on
every download, so two downloads at once held both workers).

A published report's snapshot never changes, so its paper never does: it is kept in the shared cache under
the report and its publication time, with no expiry. If the cache has lost it (eviction, a Redis restart),
the next download builds it again. While one request builds it, another is told to try again in a few
seconds rather than build it a second time.
"""

from django.core.cache import cache

from reports import word_paper
from reports.models import ForumReport

BUILD_SECONDS = 120  # a build that takes longer is assumed dead and may be started again


class PaperBeingBuilt(Exception):
    """Another request is building this paper right now."""


def _key(report: ForumReport) -> str:
    return f"forum-paper:{report.pk}:{report.published_at.isoformat()}"


def forum_paper_file(report: ForumReport) -> bytes:
    """The .docx bytes of a published report; raises PaperBeingBuilt while another request builds them."""
    key = _key(report)
    paper = cache.get(key)
    if paper is not None:
        return paper
    building = key + ":building"
    if not cache.add(building, 1, BUILD_SECONDS) and cache.get(building) is not None:
        raise PaperBeingBuilt(report.pk)
    # Either we hold the build, or the cache is not answering (then build without it).
    try:
        paper = word_paper.forum_paper(report.snapshot)
        cache.set(key, paper, None)
    finally:
        cache.delete(building)
    return paper
