"""The bench's committed inputs: the search terms it rotates and the wrk script that
cycles a URL list. Pure file checks (no database), so a broken list fails fast."""

import re
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def search_terms() -> list[str]:
    lines = (BENCH / "queries.txt").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_queries_give_at_least_fifty_distinct_first_time_searches():
    terms = search_terms()
    assert len({t.lower() for t in terms}) >= 50
    assert len(terms) == len({t.lower() for t in terms}), "duplicates would repeat a cached search"


def test_queries_include_typos_of_terms_in_the_list():
    terms = {t.lower() for t in search_terms()}
    for correct, typo in [("allotments", "alotments"), ("cemetery", "cemetry"), ("planning", "plannng")]:
        assert correct in terms and typo in terms


def test_wrk_script_cycles_the_url_file_and_reports_p99_and_errors():
    script = (BENCH / "url_list.lua").read_text()
    assert 'os.getenv("BENCH_URL_FILE")' in script
    assert re.search(r"function request\(\)", script)
    assert "paths[(offset % #paths) + 1]" in script
    for field in ("p50_us", "p95_us", "p99_us", "non_2xx", "socket_errors"):
        assert f'"{field}"' in script


def load_urls_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_urls", BENCH / "urls.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_search_urls_are_distinct_and_encoded():
    urls = load_urls_module().search_urls("/directory/")
    assert len(set(urls)) >= 50
    assert "/directory/?q=town+council" in urls


def test_url_file_holds_one_distinct_path_per_line(tmp_path):
    urls = load_urls_module()
    target = tmp_path / "urls.txt"
    assert urls.write_url_file(["/a/", "/b/?q=x", "/a/"], target) == 2
    assert target.read_text() == "/a/\n/b/?q=x\n"


def test_url_file_refuses_non_paths(tmp_path):
    import pytest

    with pytest.raises(ValueError):
        load_urls_module().write_url_file(["http://evil/"], tmp_path / "urls.txt")
