"""Django's Redis cache backend, with one Redis client per connection pool.

Django's RedisCacheClient builds a new redis.Redis object for every cache call, and
redis-py's constructor fills a table of about 170 response callbacks each time: a
third of a millisecond per call on this machine, and a page makes two to five calls
(the session, the knowledge bank's catalogue version and cached lists). The client
holds no connection of its own (the pool does), so one per pool serves every call.
Each thread already has its own cache object (django.core.cache.caches is thread-local),
so nothing here is shared between threads."""

from django.core.cache.backends import redis as django_redis


class PooledRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PooledRedisCacheClient
