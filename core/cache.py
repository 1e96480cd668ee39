"""The cache that keeps the site up when Redis is down.

Job progress, throttle counters and cached pages live in Redis. Without it a
page must still render and a read API still answer: every Redis error is a
miss (reads give the default, writes are dropped), after the short socket
timeouts of settings.CACHES (REDIS_CACHE_TIMEOUT_S), and is logged once a minute.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)
REDIS_ERRORS = (ConnectionError, TimeoutError, OSError)
LOG_EVERY_S = 60


def _fail_soft(method, default=None):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except REDIS_ERRORS as error:
            self._log(error)
            return default() if callable(default) else default

    return wrapper


class FailSoftRedisCache(RedisCache):
    """Django's RedisCache with Redis errors turned into misses (see the module docstring)."""

    _last_logged = 0.0

    def _log(self, error):
        now = time.monotonic()
        if now - FailSoftRedisCache._last_logged > LOG_EVERY_S:
            FailSoftRedisCache._last_logged = now
            logger.warning("Redis cache unavailable, treated as a miss: %s", error)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except REDIS_ERRORS as error:
            self._log(error)
            return default

    add = _fail_soft(RedisCache.add, default=False)
    set = _fail_soft(RedisCache.set)
    touch = _fail_soft(RedisCache.touch, default=False)
    delete = _fail_soft(RedisCache.delete, default=False)
    get_many = _fail_soft(RedisCache.get_many, default=dict)
    has_key = _fail_soft(RedisCache.has_key, default=False)
    set_many = _fail_soft(RedisCache.set_many, default=list)
    delete_many = _fail_soft(RedisCache.delete_many)
    clear = _fail_soft(RedisCache.clear, default=False)
    # A counter that cannot be read counts nothing: 0, as after a restart.
    incr = _fail_soft(RedisCache.incr, default=0)
    decr = _fail_soft(RedisCache.decr, default=0)
