"""The WSGI entry point gunicorn loads (config.wsgi)."""

import gc
import importlib
import sys

from django.urls import clear_url_caches


def test_it_freezes_the_loaded_app_out_of_the_garbage_collectors_walks():
    sys.modules.pop("config.wsgi", None)
    clear_url_caches()  # so the URLconf is loaded by the module, as in a fresh worker
    try:
        wsgi = importlib.import_module("config.wsgi")
        assert gc.get_freeze_count() > 10_000  # Django, the apps and their views
        assert callable(wsgi.application)
    finally:
        gc.unfreeze()
        sys.modules.pop("config.wsgi", None)
