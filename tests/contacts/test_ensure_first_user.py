"""``manage.py ensure_first_user``: the first login, printed once."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command


def test_it_creates_a_first_superuser_and_says_where_to_change_the_password(db):
    out = StringIO()
    call_command("ensure_first_user", stdout=out)
    printed = out.getvalue()
    admin = get_user_model().objects.get()
    password = printed.split("password: ")[1].split()[0]
    assert admin.username == "admin" and admin.is_superuser and admin.check_password(password)
    # The words of the account menu's link, which base.html shows.
    assert "account menu (top right): Change password." in printed


def test_it_does_nothing_once_there_is_a_user(alice):
    out = StringIO()
    call_command("ensure_first_user", stdout=out)
    assert out.getvalue() == ""
    assert get_user_model().objects.count() == 1
