import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "kalc_portal.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "portal.kalc.org.uk",
    "SITE_URL": "https://portal.kalc.org.uk",
    "EMAIL_URL": "smtp+tls://portal:secret@smtp.example.org:587",
    "DEFAULT_FROM_EMAIL": "KALC <portal@kalc.org.uk>",
}


def run_manage(*args, env):
    # The test process's own settings (and its async-unsafe flag for Playwright) stay out.
    clean_env = {
        k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_check_deploy_is_clean_when_the_documented_variables_are_set():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_trusted_proxy_comes_from_the_environment_for_allauth_and_the_portal_alike():
    show = (
        "from django.conf import settings as s; print(s.TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_PROXY_COUNT,"
        " s.TRUSTED_CLIENT_IP_HEADER, s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
    )
    result = run_manage("shell", "--no-imports", "-c", show, env=PRODUCTION_ENV)
    assert result.stdout.split() == ["0", "0", "None", "None"], result.stderr

    behind_nginx = {**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": "1", "TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}
    result = run_manage("shell", "--no-imports", "-c", show, env=behind_nginx)
    assert result.stdout.split() == ["1", "1", "X-Real-IP", "X-Real-IP"], result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_has_no_fallback_for_secrets(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


@pytest.mark.django_db
def test_pages_carry_a_nonce_csp_and_the_nonce_reaches_the_script_tag(client):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert f'nonce="{nonce}"' in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_no_page_loads_anything_from_another_origin(client):
    html = client.get("/").content.decode() + client.get("/accounts/login/").content.decode()
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_sessions_live_in_redis_and_expire_after_inactivity():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cache"
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60


@pytest.mark.django_db
def test_a_session_ends_after_the_idle_time(client, settings):
    from members.tests.factories import PASSWORD, UserFactory

    user = UserFactory()
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert client.get("/my/").status_code == 200

    # Age the session in Redis the way idle time would, then come back.
    from django.core.cache import cache

    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    cache_key = f"django.contrib.sessions.cache{session_key}"
    assert cache.get(cache_key) is not None
    cache.touch(cache_key, 0)

    assert client.get("/my/").status_code == 302


@pytest.mark.django_db
def test_sign_up_is_closed_and_says_how_to_get_access(client):
    response = client.get("/accounts/signup/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "How to get access" in html
    assert "no open sign-up" in html
    assert (
        client.post("/accounts/signup/", {"email": "x@example.org", "password1": "a" * 12}).status_code == 200
    )
    from members.models import User

    assert not User.objects.filter(email="x@example.org").exists()


@pytest.mark.django_db
def test_login_is_rate_limited(client):
    from members.tests.factories import UserFactory

    user = UserFactory()
    pages = [
        client.post("/accounts/login/", {"login": user.email, "password": "wrong-password"}).content.decode()
        for _ in range(6)
    ]
    assert "Too many failed login attempts" not in pages[0]
    assert "Too many failed login attempts" in pages[-1]
    # Even the right password is refused while the limit holds.
    from members.tests.factories import PASSWORD

    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_unverified_address_cannot_sign_in_and_gets_a_verification_email(
    client, django_capture_on_commit_callbacks
):
    from members import services
    from members.tests.factories import PASSWORD

    user = services.user_create(email="new.clerk@example.org", password=PASSWORD, email_verified=False)

    with django_capture_on_commit_callbacks() as queued:
        response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert len(queued) == 1  # the verification email, handed to Celery after commit


@pytest.mark.django_db
def test_the_office_menu_follows_permissions_not_the_template(client):
    from members.tests.factories import PositionFactory, sign_in, staff_user

    sign_in(client, PositionFactory().user)
    assert 'id="office-menu"' not in client.get("/").content.decode()
    sign_in(client, staff_user())
    assert 'id="office-menu"' in client.get("/").content.decode()
