from celery import shared_task

from crm.health import record_worker_heartbeat


@shared_task(name="crm.ping")
def ping() -> str:
    """Answer "pong" and record that a worker is alive; celery beat sends it every 30 s."""
    record_worker_heartbeat()
    return "pong"
