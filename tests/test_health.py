import pytest
from django.db import connection


@pytest.mark.django_db
def test_healthz_is_200_when_database_and_redis_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["redis"] == "ok"
    assert body["status"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_healthz_is_503_naming_redis_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["redis"] == "ConnectionError"
    assert body["database"] == "ok"
    assert body["status"] == "unavailable: redis"


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_naming_the_database_when_postgres_is_unreachable(client):
    real_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"  # a real refused connection, not a stub
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = real_port

    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "OperationalError"
    assert body["redis"] == "ok"
    assert body["status"] == "unavailable: database"


def test_healthz_only_answers_get(client):
    assert client.post("/healthz").status_code == 405
