import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from contacts.models import Contact

SAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin"
CONNECTIONS = (
    SAMPLES / "ericcgladstone-maker__org-signal__era2026_Complete_03-09-2026__Connections.csv"
)


def import_network(*args: str) -> tuple[int, dict]:
    out = io.StringIO()
    try:
        call_command("import_network", *args, stdout=out, stderr=io.StringIO())
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, json.loads(out.getvalue().strip().splitlines()[-1])


def test_it_imports_a_connections_file_and_prints_a_json_summary_last(alice):
    code, summary = import_network(str(CONNECTIONS), "--user", "alice", "--tag", "linkedin")
    assert code == 0
    assert summary["status"] == "succeeded"
    assert (summary["created"], summary["failed"]) == (3, 0)
    assert 0 <= summary["seconds"] < 60
    assert Contact.objects.for_owner(alice).connections().count() == 3
    assert Contact.objects.for_owner(alice).tagged_any(alice.contact_tags.all()).count() == 3


def test_importing_the_same_file_again_changes_nothing(alice):
    import_network(str(CONNECTIONS), "--user", "alice")
    code, summary = import_network(str(CONNECTIONS), "--user", "alice")
    assert code == 0
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 0, 3)


def test_importing_it_again_with_a_tag_says_how_many_only_gained_the_tag(alice):
    import_network(str(CONNECTIONS), "--user", "alice")
    code, summary = import_network(str(CONNECTIONS), "--user", "alice", "--tag", "summit")
    assert code == 0
    counts = [summary[key] for key in ("created", "updated", "tagged", "unchanged")]
    assert counts == [0, 0, 3, 0]


def test_it_exits_non_zero_with_the_reason_when_the_import_fails(alice, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    code, summary = import_network(str(empty), "--user", "alice")
    assert code == 1
    assert summary["status"] == "failed"
    assert summary["reason"]


def test_it_refuses_an_unknown_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no user named 'nobody'"):
        call_command("import_network", str(CONNECTIONS), "--user", "nobody")


def test_a_file_of_unknown_columns_is_read_with_the_mapping_given_then_remembered(alice, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("Person,Org,Linky\nKarla Ortiz,Globex,https://www.linkedin.com/in/karla\n")
    mapping = '{"Person": "full_name", "Org": "company", "Linky": "profile_url"}'
    code, summary = import_network(str(people), "--user", "alice", "--mapping", mapping)
    assert (code, summary["created"]) == (0, 1)
    karla = Contact.objects.get(owner=alice)
    assert (karla.first_name, karla.company, karla.slug) == ("Karla", "Globex", "karla")
    people.write_text("Person,Org,Linky\nKarla Ortiz,Initech,https://www.linkedin.com/in/karla\n")
    code, summary = import_network(str(people), "--user", "alice")
    assert (code, summary["updated"]) == (0, 1)
    with pytest.raises(CommandError, match="nobody in the file can be recognised"):
        call_command(
            "import_network", str(people), "--user", "alice", "--mapping", '{"Org": "company"}'
        )
