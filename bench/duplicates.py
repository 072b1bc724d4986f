"""``make bench-duplicates``: the duplicate scan over a million contacts, timed.

A million distinct people are generated inside PostgreSQL, then 20,000
planted duplicates of four kinds (a same-email copy, a same name and company
copy, a name typo among contacts without a profile, a name captured without
the profile an import has). The scan runs as the Celery task's function does,
writing its progress and pairs to the database; the script prints the time and
how many planted pairs were found.

Needs PostgreSQL: DATABASE_URL=postgres://... make bench-duplicates
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.contrib.auth import get_user_model
from django.db import connection

from contacts.models import Contact
from relations.models import DuplicateCandidate, DuplicateScan
from relations.scanning import run_scan

CONTACTS = int(os.environ.get("BENCH_CONTACTS", 1_000_000))
PLANTED_EACH = CONTACTS // 200  # four kinds: 20,000 planted pairs at a million

# Distinct people: a first name from a list and a surname of letters drawn from
# md5(n), so sorted neighbours are not near-identical by construction. 70% have a
# LinkedIn profile; 40% an email.
_PEOPLE = """
INSERT INTO contacts_contact (owner_id, first_name, last_name, display_name, headline, position,
  company, location, email, phone, website, profile_url, slug, is_connection, is_follower,
  is_following, invitation, message_count, source, first_seen_at, last_seen_at, created_at,
  updated_at)
SELECT %s, (ARRAY['Ada','Grace','Linus','Margaret','Tim','Zoe','Ravi','Mei','Omar','Sofia'])[1 + mod(n, 10)],
  initcap(translate(substr(md5(n::text), 1, 9), '0123456789', 'aeioulmnrs')), '', '',
  'Engineer', 'Company ' || mod(n, 997), '',
  CASE WHEN mod(n, 5) < 2 THEN 'person' || n || '@example.org' ELSE '' END, '', '',
  CASE WHEN mod(n, 10) < 7 THEN 'https://www.linkedin.com/in/person-' || n || '/' ELSE '' END,
  CASE WHEN mod(n, 10) < 7 THEN 'person-' || n ELSE '' END,
  mod(n, 10) < 6, false, false, '', 0, 'linkedin', now(), now(), now(), now()
FROM generate_series(1::bigint, %s::bigint) AS n
"""

# Each planted copy: (which base rows, the copy's first name, last name, company, email).
_PLANTED = {
    "same email": ("slug <> '' AND email <> ''", "first_name", "'Dr ' || last_name", "''", "email"),
    "same name and company": ("slug <> ''", "first_name", "last_name", "company", "''"),
    "near-identical name": ("slug = ''", "first_name", "last_name || 'e'", "''", "''"),
    "captured, then imported": ("slug <> ''", "first_name", "last_name", "''", "''"),
}


def _plant(owner_id: int) -> None:
    with connection.cursor() as cursor:
        for offset, (where, first, last, company, email) in enumerate(_PLANTED.values()):
            cursor.execute(
                f"INSERT INTO contacts_contact (owner_id, first_name, last_name, display_name, "
                "headline, position, company, location, email, phone, website, profile_url, slug, "
                "is_connection, is_follower, is_following, invitation, message_count, source, "
                "first_seen_at, last_seen_at, created_at, updated_at) "
                f"SELECT owner_id, {first}, {last}, '', '', '', {company}, '', {email}, '', '', "
                "'', '', false, false, false, '', 0, 'planted', now(), now(), now(), now() "
                f"FROM contacts_contact WHERE owner_id = %s AND {where} "
                "AND mod(id, 4) = %s ORDER BY id LIMIT %s",
                [owner_id, offset, PLANTED_EACH],
            )


def fill(owner_id: int) -> None:
    if Contact.objects.filter(owner_id=owner_id).count() >= CONTACTS:
        return
    Contact.objects.filter(owner_id=owner_id).delete()
    with connection.cursor() as cursor:
        cursor.execute(_PEOPLE, [owner_id, CONTACTS])
    _plant(owner_id)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE contacts_contact")


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("bench-duplicates needs PostgreSQL: set DATABASE_URL=postgres://...")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    owner, _ = get_user_model().objects.get_or_create(username="bench-duplicates")
    started = time.perf_counter()
    fill(owner.pk)
    total = Contact.objects.filter(owner_id=owner.pk).count()
    print(f"{total:,} contacts ready in {time.perf_counter() - started:.1f} s")
    scan = DuplicateScan.objects.create(owner=owner)
    started = time.perf_counter()
    run_scan(scan.pk)
    elapsed = time.perf_counter() - started
    scan.refresh_from_db()
    planted = DuplicateCandidate.objects.filter(scan=scan, second__source="planted").count()
    print(
        f"duplicate scan: {elapsed:.1f} s over {total:,} contacts; status {scan.status}; "
        f"{scan.pairs_found:,} pairs, {planted:,} of them with one of the "
        f"{PLANTED_EACH * len(_PLANTED):,} planted copies"
    )
    if elapsed > 60:
        sys.exit("slower than a minute")


if __name__ == "__main__":
    main()
