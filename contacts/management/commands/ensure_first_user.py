import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create a first superuser with a random password when there is no user at all."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username", default="admin")

    def handle(self, *args: object, username: str, **options: object) -> None:
        User = get_user_model()
        if User.objects.exists():
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        line = "=" * 64
        self.stdout.write(
            f"{line}\nCreated the first user. Sign in at http://127.0.0.1:8000/ with\n"
            f"  username: {username}\n  password: {password}\n"
            "This is shown once; change it from the account menu (top right): Change password.\n"
            f"{line}"
        )
