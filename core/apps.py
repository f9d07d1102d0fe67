from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Domain-free building blocks (forms, tables, money, financial years). Imports nothing of ours."""

    name = "core"
    verbose_name = "Building blocks"
