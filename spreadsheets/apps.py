from django.apps import AppConfig


class SpreadsheetsConfig(AppConfig):
    """Excel in and out, on the top floor: it reads every app, nothing reads it."""

    name = "spreadsheets"
    verbose_name = "Excel workbooks"
