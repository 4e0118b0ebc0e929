"""The cache backend (kalc_portal/cache.py) works against the real Redis and reuses its client."""

import threading

from django.core.cache import cache, caches

from kalc_portal.cache import RedisCache


def test_the_default_cache_is_ours_and_works_against_redis():
    assert isinstance(caches["default"], RedisCache)
    cache.set("backend-check", {"councils": 300}, 30)
    assert cache.get("backend-check") == {"councils": 300}
    assert cache.add("backend-check", "other", 30) is False
    assert cache.add("backend-counter", 0, 30) is True
    assert cache.incr("backend-counter") == 1
    cache.delete("backend-check")
    assert cache.get("backend-check", "gone") == "gone"


def test_one_client_serves_every_call_of_a_thread_and_threads_do_not_share():
    backend = cache._cache
    assert backend.get_client("a") is backend.get_client("b", write=True)

    clients = []
    worker = threading.Thread(target=lambda: clients.append(caches["default"]._cache.get_client("a")))
    worker.start()
    worker.join()
    assert clients and clients[0] is not backend.get_client("a")
    cache.set("thread-check", 1, 30)
    assert clients[0].get(cache.make_key("thread-check")) == b"1"
