"""Pure helpers for the rotating-URL bench: the committed search terms and the URL
file that bench/url_list.lua cycles (one absolute path per line)."""

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlencode

BENCH = Path(__file__).resolve().parent


def search_terms(path: Path = BENCH / "queries.txt") -> list[str]:
    lines = path.read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def search_urls(base_path: str, param: str = "q") -> list[str]:
    return [f"{base_path}?{urlencode({param: term})}" for term in search_terms()]


def write_url_file(paths: Iterable[str], target: Path) -> int:
    """Writes distinct paths in order (first occurrence kept); returns how many."""
    unique = list(dict.fromkeys(paths))
    for path in unique:
        if not path.startswith("/") or "\n" in path:
            raise ValueError(f"not a request path: {path!r}")
    target.write_text("".join(f"{path}\n" for path in unique))
    return len(unique)
