"""Django's Redis cache, forgiving an unreachable Redis: a miss, not an error page; and a table a process
keeps of what never changes while it runs.

Production uses one Redis for the task queue and the cache; while it is down, respondents must still
answer (the questionnaire is read from the database instead, a little slower)."""

from __future__ import annotations

import logging
from collections.abc import Hashable, Iterator
from typing import Any, Generic, TypeVar

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Kept(Generic[K, V]):
    """What a process keeps of things that never change while it runs (a published questionnaire, a page's
    markup, a static file's address), so as not to read or build them on every request: at most `most`
    entries, the oldest going first when it is full."""

    def __init__(self, most: int) -> None:
        self.most = most
        self.entries: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        return self.entries.get(key)

    def keep(self, key: K, value: V) -> V:
        if key not in self.entries and len(self.entries) >= self.most:
            self.entries.pop(next(iter(self.entries)), None)
        self.entries[key] = value
        return value

    def clear(self) -> None:
        self.entries.clear()

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[K]:
        return iter(self.entries)


class ForgivingRedisCache(RedisCache):
    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except RedisError:
            log.warning("cache unreachable: get %s", key)
            return default

    def set(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> None:
        try:
            super().set(key, value, timeout, version)
        except RedisError:
            log.warning("cache unreachable: set %s", key)

    def add(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> bool:
        try:
            return bool(super().add(key, value, timeout, version))
        except RedisError:
            return True  # as if the key were new: a rate limit lets the request through

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return int(super().incr(key, delta, version))
        except RedisError:
            return 0

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return bool(super().delete(key, version))
        except RedisError:
            return False

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        try:
            super().delete_many(keys, version)
        except RedisError:
            log.warning("cache unreachable: delete_many")
