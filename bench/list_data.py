"""A million contacts for the list-page benchmark, generated inside PostgreSQL.

``INSERT ... SELECT generate_series`` writes the rows in one statement each,
in seconds rather than the minutes a million ORM saves would take.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection

from contacts.bulk import delete_contacts
from contacts.models import Contact, Note, Tag, TaggedContact

TAG_NAMES = [f"tag-{n:02d}" for n in range(20)]

# Each column as SQL over ``n``, the row number. Companies repeat every 997
# rows and locations every 89, so filters hit realistic, uneven fractions.
_CONTACT_COLUMNS = {
    "first_name": "(ARRAY['Ada','Grace','Linus','Margaret','Tim','Zoe','Ravi','Mei','Omar','Sofia'])[1 + mod(n, 10)]",
    "last_name": "'Name' || (mod(n, 5003))",
    "display_name": "''",
    "headline": "(ARRAY['CTO','Engineer','Founder','Recruiter','Designer','Investor'])[1 + mod(n, 6)] || ' at Company ' || (mod(n, 997))",
    "position": "(ARRAY['CTO','Engineer','Founder','Recruiter','Designer','Investor'])[1 + mod(n, 6)]",
    "company": "'Company ' || (mod(n, 997))",
    "location": "'City ' || (mod(n, 89)) || ', Country'",
    "email": "CASE WHEN mod(n, 5) < 2 THEN 'person' || n || '@example.org' ELSE '' END",
    "phone": "''",
    "website": "''",
    "profile_url": "CASE WHEN mod(n, 10) < 7 THEN 'https://www.linkedin.com/in/person-' || n || '/' ELSE '' END",
    "slug": "CASE WHEN mod(n, 10) < 7 THEN 'person-' || n ELSE '' END",
    "is_connection": "mod(n, 10) < 6",
    "connected_on": "CASE WHEN mod(n, 10) < 6 THEN DATE '2012-01-01' + mod(n * 7919, 4700)::int END",
    "disconnected_on": "NULL",
    "is_follower": "mod(n, 10) >= 4 AND mod(n, 10) < 7",
    "followed_me_on": "NULL",
    "is_following": "mod(n, 10) >= 5 AND mod(n, 10) < 8",
    "following_since": "NULL",
    "invitation": "CASE WHEN mod(n, 100) = 7 THEN 'sent' ELSE '' END",
    "invitation_at": "CASE WHEN mod(n, 100) = 7 THEN now() - mod(n, 300)::int * interval '1 day' END",
    "last_interaction_at": "CASE WHEN mod(n, 5) = 1 THEN now() - mod(n * 31, 2000)::int * interval '1 day' END",
    "message_count": "CASE WHEN mod(n, 5) = 1 THEN mod(n, 40) ELSE 0 END",
    "source": "(ARRAY['linkedin','linkedin','linkedin','csv','vcard'])[1 + mod(n, 5)]",
    "first_seen_at": "now()",
    "last_seen_at": "now()",
    "created_at": "now()",
    "updated_at": "now()",
}


def bench_user(username: str) -> AbstractBaseUser:
    user, _ = get_user_model().objects.get_or_create(username=username)
    return user


def fill(owner: AbstractBaseUser, count: int) -> None:
    """Give ``owner`` ``count`` contacts, 20 tags from common to rare, and notes on 1%."""
    have = Contact.objects.for_owner(owner).count()
    if have >= count:
        with connection.cursor() as cursor:
            # Fresh statistics, also for expression indexes added since the rows were made.
            cursor.execute(f"ANALYZE {Contact._meta.db_table}")
        return
    delete_contacts(Contact.objects.for_owner(owner))
    columns = ", ".join(_CONTACT_COLUMNS)
    values = ", ".join(_CONTACT_COLUMNS.values())
    tags = [Tag.objects.get_or_create(owner=owner, name=name)[0] for name in TAG_NAMES]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Contact._meta.db_table} (owner_id, {columns}) "
            f"SELECT %s, {values} FROM generate_series(1::bigint, %s::bigint) AS n",
            [owner.pk, count],
        )
        # Tag k is on one contact in k*k + 2: a third have tag 1, one in 402 has tag 20.
        cursor.execute(
            f"INSERT INTO {TaggedContact._meta.db_table} (tag_id, content_object_id) "
            f"SELECT t.id, c.id FROM {Contact._meta.db_table} c "
            f"JOIN unnest(%s::bigint[]) WITH ORDINALITY AS t(id, k) ON mod(c.id, t.k * t.k + 2) = 0 "
            f"WHERE c.owner_id = %s",
            [[tag.pk for tag in tags], owner.pk],
        )
        cursor.execute(
            f"INSERT INTO {Note._meta.db_table} (contact_id, body, created_at, updated_at) "
            f"SELECT id, 'A note', now(), now() FROM {Contact._meta.db_table} "
            f"WHERE owner_id = %s AND mod(id, 100) = 3",
            [owner.pk],
        )
        cursor.execute(f"VACUUM ANALYZE {Contact._meta.db_table}")
        cursor.execute(f"VACUUM ANALYZE {TaggedContact._meta.db_table}")
        cursor.execute(f"VACUUM ANALYZE {Note._meta.db_table}")
