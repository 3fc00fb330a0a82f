"""Operations: health check, robots.txt, structured logs, docker-compose, security headers."""

import json
import logging
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)


def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] is True
    assert body["broker"] is True


@pytest.mark.redis
def test_healthz_is_503_when_the_broker_is_unreachable(client, settings, monkeypatch):
    from moia.celery import app

    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")  # Celery reads the environment first
    original = app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = original
        app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": True, "broker": False, "cache": True}


def test_robots_keeps_crawlers_out_of_admin_and_accounts(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Disallow: /es/accounts/" in text


def test_each_request_is_logged_as_one_json_line_without_the_query_string(client, caplog):
    caplog.set_level(logging.INFO, logger="moia.request")
    client.get("/en/?q=my+name+is+Maria")
    record = next(r for r in caplog.records if r.name == "moia.request")
    assert record.path == "/en/"
    assert record.status == 200
    assert "Maria" not in record.getMessage()


def test_security_headers_on_a_live_response(client):
    response = client.get("/en/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "script-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_carry_no_inline_script_or_style(client):
    html = client.get("/ar/").content.decode()
    assert "<script>" not in html
    assert " style=" not in html
    assert "<style" not in html


def _production_env(**extra) -> dict:
    # Browser tests allow async-unsafe ORM calls in their own process; production never does.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**env, **extra}


def test_production_settings_pass_check_deploy_with_no_warning():
    env = {
        **_production_env(),
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "x" * 64 + "production-like-secret-key-for-the-check",
        "FIELD_ENCRYPTION_KEYS": "check-key",
        "DJANGO_ALLOWED_HOSTS": "portal.example.org",
        "DJANGO_TESTING": "0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_cookies_use_the_host_prefix():
    env = {
        **_production_env(),
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "y" * 64,
        "FIELD_ENCRYPTION_KEYS": "k",
        "DJANGO_TESTING": "0",
    }
    code = (
        "import django,os;os.environ['DJANGO_SETTINGS_MODULE']='moia.settings';django.setup();"
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "True", "31536000"]


def test_docker_compose_runs_web_worker_beat_on_postgres_16_and_redis():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) >= {"web", "worker", "beat", "db", "redis"}
    assert services["db"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:")
    assert "gunicorn" in " ".join(services["web"]["command"])
    assert "worker" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]
    for name in ("web", "db", "redis"):
        assert "healthcheck" in services[name], name
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://")
        assert env["DJANGO_ENV"] == "production"
        assert services[name]["depends_on"]["db"]["condition"] == "service_healthy"
    assert "pgdata" in compose["volumes"]


def test_every_setting_read_from_the_environment_is_documented():
    import re

    source = (ROOT / "moia" / "settings.py").read_text()
    names = set(re.findall(r'env(?:_bool|_list)?\("([A-Z_]+)"', source))
    readme = (ROOT / "README.md").read_text()
    example = (ROOT / ".env.example").read_text()
    undocumented = sorted(n for n in names if n not in readme or n not in example)
    assert not undocumented, f"document these in README.md and .env.example: {undocumented}"


def test_a_database_outage_is_a_503_with_retry_after_not_a_500(client, monkeypatch):
    from django.db.utils import OperationalError

    def database_down():
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("moia.selectors.home_sections", database_down)
    response = client.get("/es/")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert 'lang="es"' in response.content.decode()


def test_no_shipped_gunicorn_writes_an_access_log_with_addresses_and_query_strings():
    from gunicorn.config import Config

    config = Config()
    # What gunicorn reads from the working directory when no --config is given.
    namespace = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    for name, value in namespace.items():
        if name in config.settings:
            config.set(name, value)
    assert config.accesslog is None
    commands = [(ROOT / "Dockerfile").read_text(), (ROOT / "Makefile").read_text()]
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    commands += [json.dumps(service.get("command", "")) for service in compose["services"].values()]
    assert any("gunicorn moia.wsgi" in text or '"gunicorn", "moia.wsgi' in text for text in commands)
    for text in commands:
        assert "access-log" not in text
        assert "access_log" not in text


def test_the_cache_and_the_broker_are_separate_redis_servers_with_their_own_eviction_policy():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    environment = compose["x-portal-env"]
    cache_host = environment["REDIS_URL"].split("//")[1].split(":")[0]
    broker_host = environment["CELERY_BROKER_URL"].split("//")[1].split(":")[0]
    assert cache_host != broker_host
    policy = {
        host: compose["services"][host]["command"][compose["services"][host]["command"].index("--maxmemory-policy") + 1]
        for host in (cache_host, broker_host)
    }
    assert policy == {cache_host: "volatile-lru", broker_host: "noeviction"}
    assert "--maxmemory" in compose["services"][cache_host]["command"]
