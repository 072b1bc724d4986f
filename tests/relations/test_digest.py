"""The daily digest: one e-mail per user per day, only when someone is due, unless unsubscribed."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from relations.digest import unsubscribe_token
from relations.models import DigestPreference
from relations.tasks import send_due_digests
from tests.factories import make_contact, make_user


def make_due(owner, name="Grace"):
    return make_contact(
        owner, first_name=name, keep_in_touch_days=30,
        last_interaction_at=timezone.now() - timedelta(days=45),
    )  # fmt: skip


def test_the_digest_is_sent_once_a_day_however_often_the_task_runs(alice):
    make_due(alice)
    send_due_digests()
    send_due_digests()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert message.subject == "1 contact to keep in touch with"
    assert "Grace" in message.body
    assert "/digest/unsubscribe/" in message.body


def test_nobody_due_means_no_mail(alice):
    make_contact(alice, keep_in_touch_days=30, last_interaction_at=timezone.now())
    assert send_due_digests() == 0
    assert mail.outbox == []


def test_each_user_gets_only_their_own_due_contacts(alice, bob):
    make_due(alice, "Grace")
    make_due(bob, "Linus")
    send_due_digests()
    by_recipient = {message.to[0]: message.body for message in mail.outbox}
    assert "Grace" in by_recipient["alice@example.org"]
    assert "Linus" not in by_recipient["alice@example.org"]
    assert "Linus" in by_recipient["bob@example.org"]


def test_an_unsubscribed_user_gets_no_digest(alice):
    make_due(alice)
    DigestPreference.objects.create(user=alice, send_digest=False)
    send_due_digests()
    assert mail.outbox == []


def test_the_unsubscribe_link_asks_first_then_turns_the_digest_off(alice, client):
    make_due(alice)
    url = f"/digest/unsubscribe/{unsubscribe_token(alice)}/"
    assert "Unsubscribe" in client.get(url).content.decode()
    assert not DigestPreference.objects.filter(user=alice, send_digest=False).exists()
    response = client.post(url)
    assert "Unsubscribed" in response.content.decode()
    send_due_digests()
    assert mail.outbox == []


def test_a_forged_unsubscribe_link_changes_nothing(alice, client):
    response = client.post("/digest/unsubscribe/not-a-real-token/")
    assert response.status_code == 400
    assert not DigestPreference.objects.filter(send_digest=False).exists()


def test_the_due_page_turns_the_digest_off_and_on(alice, alice_client):
    make_due(alice)
    alice_client.post("/due/digest/", {})
    send_due_digests()
    assert mail.outbox == []
    alice_client.post("/due/digest/", {"send_digest": "on"})
    send_due_digests()
    assert len(mail.outbox) == 1


def test_the_due_page_says_where_the_digest_goes(alice, alice_client):
    page = alice_client.get("/due/").content.decode()
    assert "Sent once a day, only when someone is due, to alice@example.org." in page
    assert "no digest is sent" not in page


def test_the_due_page_says_an_account_without_an_email_gets_no_digest(db, client):
    dana = make_user("dana")
    client.force_login(dana)
    make_due(dana)
    page = client.get("/due/").content.decode()
    # The box was ticked and the page said "Sent once a day", to no address.
    assert "Your account has no e-mail address, so no digest is sent." in page
    send_due_digests()
    assert mail.outbox == []
