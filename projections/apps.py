from django.apps import AppConfig


class ProjectionsConfig(AppConfig):
    name = "projections"
    verbose_name = "High Needs Block projections"

    def ready(self):
        from projections.stored_figures import stored_figures_refresh
        from recovery.data_version import after_councils_change

        # The dashboard's and the Forum report's forecast figures are kept by every write that bumps a
        # council's data version.
        after_councils_change(stored_figures_refresh)
