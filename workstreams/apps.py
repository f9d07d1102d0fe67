from django.apps import AppConfig


class WorkstreamsConfig(AppConfig):
    name = "workstreams"
    verbose_name = "Workstreams and milestones"
