"""Messages for the sign-in and sign-out actions, which Django's auth views do not add."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest


@receiver(user_logged_out)
def say_signed_out(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    # The message goes in the cookie storage, so it survives the session being flushed.
    if request is not None and hasattr(request, "_messages"):
        messages.info(request, "You are signed out.")
