"""/healthz: 200 "ok" without login while the database answers, 503 when it does not; never redirected."""

import os
import subprocess
import sys
from unittest import mock

from django.db import DatabaseError
from django.test import override_settings


def test_it_says_ok_without_a_sign_in(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_it_says_so_when_the_database_does_not_answer(client, db):
    with mock.patch("core.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503 and response.content == b"database unavailable"


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=[r"^healthz$"])
def test_it_answers_over_plain_http_when_everything_else_redirects(client, db):
    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/login/").status_code == 301


def test_production_exempts_it_from_the_https_redirect():
    env = {**os.environ, "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "dsg.example.org"}
    code = "import config.settings.production as p; print(p.SECURE_SSL_REDIRECT, p.SECURE_REDIRECT_EXEMPT)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True ['^healthz$']"
