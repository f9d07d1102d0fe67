from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    name = "recovery"
    verbose_name = "Councils and recovery plans"

    def ready(self):
        from recovery import data_version

        data_version.connect()
