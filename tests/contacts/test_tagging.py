from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Contact
from contacts.tagging import add_tag_to_contacts, remove_tag_from_contacts
from tests.factories import make_contact, make_tag


def test_it_tags_every_matching_contact_in_one_statement_and_their_timelines_in_another(alice):
    tag = make_tag(alice, "investor")
    for _ in range(5):
        make_contact(alice, company="Acme")
    make_contact(alice, company="Other")
    matching = Contact.objects.for_owner(alice).filter(company="Acme")
    with CaptureQueriesContext(connection) as queries:
        assert add_tag_to_contacts(tag, matching) == 5
    statements = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]
    assert [sql.split()[:3] for sql in statements] == [
        ["INSERT", "INTO", "relations_timelineevent"],
        ["INSERT", "INTO", "contacts_taggedcontact"],
    ]
    assert Contact.objects.for_owner(alice).tagged_any([tag]).count() == 5


def test_tagging_twice_adds_nothing_the_second_time(alice):
    tag = make_tag(alice, "investor")
    make_contact(alice)
    everyone = Contact.objects.for_owner(alice)
    assert add_tag_to_contacts(tag, everyone) == 1
    assert add_tag_to_contacts(tag, everyone) == 0


def test_a_tag_never_lands_on_another_owners_contacts(alice, bob):
    tag = make_tag(alice, "investor")
    make_contact(bob)
    assert add_tag_to_contacts(tag, Contact.objects.all()) == 0
    assert not Contact.objects.for_owner(bob).tagged_any([tag]).exists()


def test_it_removes_a_tag_from_matching_contacts_only(alice):
    tag = make_tag(alice, "investor")
    keep, drop = make_contact(alice, company="Keep"), make_contact(alice, company="Drop")
    keep.tags.add(tag)
    drop.tags.add(tag)
    assert remove_tag_from_contacts(tag, Contact.objects.filter(company="Drop")) == 1
    assert list(Contact.objects.tagged_any([tag])) == [keep]
