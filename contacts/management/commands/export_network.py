"""``export_network --user NAME [--format csv|json|vcard]``: one user's network to stdout."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from contacts.exports import WRITERS
from contacts.models import Contact


class _Stdout:
    """The command's stdout as a plain text stream (no newline added per write)."""

    def __init__(self, command: BaseCommand) -> None:
        self._command = command

    def write(self, text: str) -> int:
        self._command.stdout.write(text, ending="")
        return len(text)


class Command(BaseCommand):
    # A data command, as import_network: the system checks are for `manage.py check`.
    requires_system_checks: list[str] = []
    help = "Writes one user's contacts, with facts, dates, tags and notes, to stdout."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="the username whose network to export")
        parser.add_argument("--format", choices=sorted(WRITERS), default="csv")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = get_user_model().objects.get(username=options["user"])
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"There is no user named {options['user']!r}.") from error
        contacts = Contact.objects.for_owner(user)
        WRITERS[options["format"]](contacts, _Stdout(self))
