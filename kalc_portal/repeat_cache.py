"""Results that are expensive to compute and asked for again, kept in the cache.

Used by searches (the knowledge bank's ranked search, the council directory's typo
search): the callers put a data version in the key, so an entry never outlives the
data it was computed from. An entry is only stored once the same key has been asked
for at least `after` times within `seconds`: the cache lives in the same Redis as the
sessions, and a stream of one-off searches (or someone typing random words) must not
fill it."""

from collections.abc import Callable

from django.core.cache import cache


def remember_if_repeated[T](
    key: str,
    compute: Callable[[], T],
    *,
    seconds: int,
    after: int = 2,
    keep: Callable[[T], bool] = lambda value: True,
) -> T:
    """The cached value for `key`, or compute() (stored when asked for often and keep(value))."""
    value = cache.get(key)
    if value is not None:
        return value
    value = compute()
    if keep(value) and _asked_often(key, seconds, after):
        cache.set(key, value, seconds)
    return value


def _asked_often(key: str, seconds: int, after: int) -> bool:
    counter = f"asked:{key}"
    cache.add(counter, 0, seconds)
    try:
        return cache.incr(counter) >= after
    except ValueError:  # the counter expired between add and incr
        return False
