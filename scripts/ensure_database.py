"""Create the database named by DATABASE_URL when it does not exist yet."""

import sys

import environ
import psycopg2
from psycopg2 import sql

DEFAULT_URL = "postgres://postgres@localhost:5432/kalc_portal"


def main() -> int:
    config = environ.Env().db("DATABASE_URL", default=DEFAULT_URL)
    name = config["NAME"]
    try:
        connection = psycopg2.connect(
            dbname="postgres",
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            connect_timeout=5,
        )
    except psycopg2.OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0]
        print(f"error: cannot reach PostgreSQL for database {name!r}: {first_line}", file=sys.stderr)
        return 1
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}")
    connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
