"""In-process latency of the key pages against the floor view, for profiling work.

Not `make bench` (that one drives gunicorn with wrk): this times Django's test Client
inside one process, production settings (DEBUG off), so a change can be measured in
seconds without a server. Pages and the floor alternate request by request, so every
ratio compares figures taken at the same moment on a shared machine.

    DATABASE_URL=postgres://postgres@localhost:5432/perf_scratch REDIS_URL=redis://localhost:6379/11 \\
        .venv/bin/python bench/inprocess.py [--repeat 200] [--only "directory"] [--profile LABEL]

The database must already be seeded (seed_scale); bench people are added if missing.
"""

import argparse
import cProfile
import os
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kalc_portal.settings.production")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
os.environ.setdefault("BENCH_ENDPOINTS", "True")
os.environ.setdefault("EMAIL_URL", "consolemail://")
os.environ.setdefault("LOG_LEVEL", "WARNING")
if "DATABASE_URL" not in os.environ:
    raise SystemExit("Set DATABASE_URL to a scratch database (never the shared one).")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--only", default="", help="substring of the page labels to time")
    parser.add_argument("--profile", default="", help="cProfile the page whose label contains this")
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="CPU time per request (this thread + its PostgreSQL backend), steadier than wall time "
        "on a busy machine",
    )
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client, override_settings

    from members.client_sign_in import sign_in_client

    # A static root of our own: the manifest storage needs collectstatic, and the shared
    # .var/staticfiles belongs to make bench.
    static_root = os.environ.get("INPROCESS_STATIC_ROOT") or str(ROOT / ".var" / "inprocess-static")
    override_settings(STATIC_ROOT=static_root).enable()
    call_command("collectstatic", "--noinput", "-v0")

    from bench.run import bench_people, key_pages

    clerk, office = bench_people()
    floor = ("Floor (one query, tiny template)", "/bench/floor/", clerk)
    pages = [page for page in key_pages(clerk, office) if args.only.lower() in page[0].lower()]

    clients = {}

    def client_for(user):
        if id(user) not in clients:
            client = Client()
            if user is not None:
                sign_in_client(client, user)
            clients[id(user)] = client
        return clients[id(user)]

    def timed(path, user) -> float:
        client = client_for(user)
        started = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")
        return elapsed

    if args.profile:
        label, path, user = next(page for page in pages if args.profile.lower() in page[0].lower())
        for _ in range(20):
            timed(path, user)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            timed(path, user)
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative"))
        stats.print_stats(int(os.environ.get("PROFILE_LINES", "45")))
        return

    floor_label, floor_path, floor_user = floor
    if args.cpu:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        ticks = os.sysconf("SC_CLK_TCK")

        def backend_cpu_ms() -> float:
            fields = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) * 1000 / ticks

        def cpu_per_request(path, user) -> float:
            thread, db = time.thread_time(), backend_cpu_ms()
            for _ in range(args.repeat):
                timed(path, user)
            return ((time.thread_time() - thread) * 1000 + backend_cpu_ms() - db) / args.repeat

        for _ in range(30):
            timed(floor_path, floor_user)
        print(f"{'Page':<40} {'CPU ms':>8} {'x floor':>8}")
        for label, path, user in pages:
            for _ in range(10):
                timed(path, user)
            floor_cpu = cpu_per_request(floor_path, floor_user)
            page_cpu = cpu_per_request(path, user)
            print(f"{label:<40} {page_cpu:>8.2f} {page_cpu / floor_cpu:>8.2f}   (floor {floor_cpu:.2f})")
        return

    print(f"{'Page':<40} {'median ms':>9} {'p95 ms':>8} {'x floor':>8} {'p95 x':>6}")
    for _ in range(30):
        timed(floor_path, floor_user)
    for label, path, user in pages:
        for _ in range(10):
            timed(path, user)
        page_times, floor_times = [], []
        for _ in range(args.repeat):
            floor_times.append(timed(floor_path, floor_user))
            page_times.append(timed(path, user))
        median, floor_median = statistics.median(page_times), statistics.median(floor_times)
        p95, floor_p95 = percentile(page_times, 0.95), percentile(floor_times, 0.95)
        print(
            f"{label:<40} {median:>9.2f} {p95:>8.2f} {median / floor_median:>8.2f} {p95 / floor_p95:>6.2f}"
            f"   (floor {floor_median:.2f} / {floor_p95:.2f})"
        )


if __name__ == "__main__":
    main()
