"""Models every app shares: the shape of a stored row of a plan's worked-out figures."""

from django.db import models
from django.db.models import Exists, OuterRef, Subquery


class StoredPlanRows(models.QuerySet):
    def at_version(self, *, format: int, plan=None, version=None) -> "StoredPlanRows":
        """The plan's row at its council's data version, in `format`. By default as a subquery of a plan row
        read with its council (plan = OuterRef("pk"), version = OuterRef("council__data_version"))."""
        return self.filter(
            plan=OuterRef("pk") if plan is None else plan,
            data_version=OuterRef("council__data_version") if version is None else version,
            format=format,
        )

    def payload_at_version(self, **at) -> Subquery:
        """`at_version`'s payload, as an annotation (None when the row is missing or behind)."""
        return Subquery(self.at_version(**at).values("payload")[:1])

    def exists_at_version(self, **at) -> Exists:
        """Whether `at_version`'s row is stored, as an annotation."""
        return Exists(self.at_version(**at))


class StoredPlanRow(models.Model):
    """A plan's worked-out figures for one page, stored as one row at its council's data version (the
    dashboard's picture, a draft report's parts, the forecast figures: core.stored_rows writes and reads the
    payload). A row is used only while `data_version` equals its council's and `format` the code's;
    otherwise the figures are read live (and stored). Nothing is invalidated by hand. Each model adds its
    `plan`: a one-to-one key to the plan, its primary key."""

    data_version = models.PositiveBigIntegerField()
    format = models.PositiveSmallIntegerField()
    payload = models.BinaryField()  # core.stored_rows.dumps of the page's figures

    objects = StoredPlanRows.as_manager()

    class Meta:
        abstract = True
