"""Thin Celery tasks for the network: an id in, one call."""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model

from contacts import dashboard


@shared_task(name="contacts.refresh_network_figures", ignore_result=True)
def refresh_network_figures(owner_id: int) -> bool:
    """Compute and store one owner's dashboard figures; False when the owner is gone."""
    owner = get_user_model().objects.filter(pk=owner_id).first()
    if owner is None:
        return False
    dashboard.store_figures(owner)
    return True
