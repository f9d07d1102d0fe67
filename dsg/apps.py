from django.apps import AppConfig


class DsgConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dsg"
    verbose_name = "DSG ledger"
