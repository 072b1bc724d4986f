"""What /healthz reports: the database, the broker, and a recently seen worker."""

import time

import redis
from django.conf import settings
from django.db import connection

HEARTBEAT_KEY = "crm:worker-heartbeat"


def redis_client() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)


def record_worker_heartbeat() -> None:
    redis_client().set(HEARTBEAT_KEY, str(time.time()), ex=settings.WORKER_HEARTBEAT_MAX_AGE * 10)


def database_is_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def broker_is_up() -> bool:
    try:
        return bool(redis_client().ping())
    except redis.RedisError:
        return False


def seconds_since_worker_heartbeat() -> float | None:
    try:
        raw = redis_client().get(HEARTBEAT_KEY)
    except redis.RedisError:
        return None
    if raw is None:
        return None
    return max(0.0, time.time() - float(raw))


def health_report() -> dict[str, object]:
    heartbeat_age = seconds_since_worker_heartbeat()
    worker_up = heartbeat_age is not None and heartbeat_age <= settings.WORKER_HEARTBEAT_MAX_AGE
    report: dict[str, object] = {
        "database": "ok" if database_is_up() else "down",
        "broker": "ok" if broker_is_up() else "down",
        "worker": "ok" if worker_up else "down",
        "worker_seen_seconds_ago": None if heartbeat_age is None else round(heartbeat_age, 1),
    }
    report["status"] = (
        "ok" if all(report[k] == "ok" for k in ("database", "broker", "worker")) else "down"
    )
    return report
