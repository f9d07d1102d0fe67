"""Security as a feature: strict CSP with no inline script, safe headers, production settings, no secrets."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from accounts.models import Role
from tests.conftest import member_client

ROOT = Path(__file__).resolve().parents[2]


def test_it_sends_a_strict_content_security_policy(home):
    response = member_client(home.council, Role.OFFICER).get(f"/councils/{home.council.slug}/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_it_has_no_inline_script_or_cdn_in_any_template():
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag, f"inline <script> in {path.relative_to(ROOT)}"
        assert not re.search(r"\bon(click|load|submit|change)=", text), f"inline handler in {path}"
        assert not re.search(r"https?://(cdn|unpkg|cdnjs|fonts\.googleapis)", text), f"CDN in {path}"


def run_manage(*args, env=None):
    # A clean environment: the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not reach `check --deploy`.
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**base, **(env or {})},
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        "--settings=config.settings.production",
        env={
            "SECRET_KEY": "x" * 20 + "-production-only-test-key-" + "y" * 20,
            "ALLOWED_HOSTS": "dsg.example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "env, message",
    [
        ({"SECRET_KEY": "", "ALLOWED_HOSTS": "dsg.example.org"}, "Set SECRET_KEY"),
        ({"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": ""}, "Set ALLOWED_HOSTS"),
    ],
)
def test_production_settings_refuse_to_start_without_secrets(env, message):
    result = run_manage("check", "--settings=config.settings.production", env=env)
    assert result.returncode != 0 and message in result.stderr


def test_it_keeps_secrets_out_of_the_repository():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert ".env" not in tracked and "db.sqlite3" not in tracked
    pattern = re.compile(
        r"(AKIA[0-9A-Z]{16}|-----BEGIN (RSA |EC )?PRIVATE KEY-----|SECRET_KEY\s*=\s*['\"][^'\"]{30,})"
    )
    for name in tracked:
        path = ROOT / name
        if (
            path.suffix in {".py", ".toml", ".cfg", ".ini", ".env", ".yml", ".yaml", ".json", ".sh"}
            and path.exists()
        ):
            assert not pattern.search(path.read_text(errors="ignore")), f"possible secret in {name}"


def test_sign_out_needs_a_post_with_a_csrf_token(home):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member_client(home.council, Role.OFFICER).user)
    assert client.post("/accounts/logout/").status_code == 403
