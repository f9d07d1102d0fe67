from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Dashboards and Schools Forum reports"

    def ready(self):
        from recovery.data_version import after_councils_change
        from reports.stored_picture import pictures_enqueue
        from reports.summaries import summaries_after_write

        # The national overview's summaries are kept by every write that bumps a council's data version (by
        # the worker's task when it builds the pictures).
        after_councils_change(summaries_after_write)
        # The dashboards' pictures are built after it by the worker (settings.STORED_PICTURES_AFTER_WRITE).
        after_councils_change(pictures_enqueue)
