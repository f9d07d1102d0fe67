"""The test suite: fast hashing, plain static storage, still honours DATABASE_URL (SQLite or PostgreSQL)."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STATIC_URL = "/static/"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Lockouts are tested explicitly; elsewhere they would make tests depend on each other.
AXES_ENABLED = True
LOGGING = {"version": 1, "disable_existing_loggers": False}

# whitenoise would warn that collectstatic has not run; tests and benches serve static/ directly.
WHITENOISE_AUTOREFRESH = True

# Background jobs run at once, in the test's own transaction.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Not after every write in tests (the immediate backend would build a picture inside each write that runs its
# commit callbacks, and count its queries as the write's): the tests of reports.stored_picture opt in.
STORED_PICTURES_AFTER_WRITE = False
