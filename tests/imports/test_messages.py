"""LinkedIn messages.csv aggregated per person: last interaction and message count."""

from datetime import UTC, datetime

from imports.readers.linkedin import ArchiveOwner
from imports.readers.messages import NO_URLS_WARNING, read_messages
from imports.readers.tables import find_table
from imports.readers.text import read_csv
from imports.records import SectionKind
from tests.imports.readers_support import SAMPLES, read_one, write

HEADER = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
    "DATE,SUBJECT,CONTENT,FOLDER,IS MESSAGE DRAFT\n"
)
ME = "https://www.linkedin.com/in/me"
ADA = "https://www.linkedin.com/in/ada"
BO = "https://www.linkedin.com/in/bo"


def _counts(section):
    return {p.profile_url: (p.message_count, p.last_interaction_at) for p in section.people}


def test_2021_messages_attribute_conversations_to_senders_and_leave_out_the_owner():
    section = read_one(
        SAMPLES / "ericcgladstone-maker__org-signal__era2021_Basic_05-14-2021__messages.csv"
    )
    assert section.kind == SectionKind.MESSAGES
    assert _counts(section) == {
        "https://www.linkedin.com/in/priya-raman-77": (
            2,
            datetime(2021, 4, 2, 10, 1, 12, tzinfo=UTC),
        ),
        "https://www.linkedin.com/in/theogrant": (2, datetime(2021, 4, 20, 16, 30, tzinfo=UTC)),
        "https://www.linkedin.com/in/lena-vogt": (2, datetime(2021, 4, 20, 16, 30, tzinfo=UTC)),
    }


def test_2023_messages_split_groups_on_recipient_urls_and_ignore_spam_and_unknown_senders():
    section = read_one(
        SAMPLES / "ericcgladstone-maker__org-signal__era2023_Basic_10-21-2023__messages.csv"
    )
    counts = _counts(section)
    assert set(counts) == {
        "https://www.linkedin.com/in/ines-okafor-l-3b2a91",
        "https://www.linkedin.com/in/tomasreyes",
        "https://www.linkedin.com/in/wren-hale",
    }
    assert counts["https://www.linkedin.com/in/tomasreyes"] == (
        2, datetime(2023, 7, 10, 8, 5, tzinfo=UTC),
    )  # fmt: skip
    wren = next(p for p in section.people if p.profile_url.endswith("wren-hale"))
    assert (wren.first_name, wren.last_name) == ("Wren", "Hale, PhD")


def test_2026_messages_with_quoted_multiline_content():
    section = read_one(
        SAMPLES / "ericcgladstone-maker__org-signal__era2026_Complete_03-09-2026__messages.csv"
    )
    assert _counts(section) == {
        "https://www.linkedin.com/in/zo%C3%AB-brandt": (
            4,
            datetime(2026, 2, 10, 14, 20, tzinfo=UTC),
        ),
        "https://www.linkedin.com/in/kofi-mensah-1188": (
            2,
            datetime(2026, 2, 10, 14, 20, tzinfo=UTC),
        ),
        "https://www.linkedin.com/in/ines-okafor-l-3b2a91": (
            2,
            datetime(2026, 2, 10, 14, 20, tzinfo=UTC),
        ),
    }


def test_drafts_are_not_counted(tmp_path):
    data = HEADER + (
        f"c1,,Me,{ME},Ada,{ADA},2025-01-01 10:00:00 UTC,,Hi,INBOX,No\n"
        f"c1,,Ada,{ADA},Me,{ME},2025-01-02 10:00:00 UTC,,Hello,INBOX,No\n"
        f"c1,,Me,{ME},Ada,{ADA},2025-03-01 10:00:00 UTC,,unsent,INBOX,Yes\n"
        f"c2,,Me,{ME},Bo,{BO},2025-01-03 10:00:00 UTC,,Hi Bo,INBOX,No\n"
    )
    counts = _counts(read_one(write(tmp_path, data)))
    assert counts[ADA] == (2, datetime(2025, 1, 2, 10, tzinfo=UTC))
    assert ME not in counts


def test_a_linkedin_member_sender_without_url_is_not_a_person(tmp_path):
    data = HEADER + (
        f"c1,,LinkedIn Member,,Me,{ME},2025-01-01 10:00:00 UTC,,Hi,INBOX,No\n"
        f"c2,,Me,{ME},Ada,{ADA},2025-01-02 10:00:00 UTC,,Hi,INBOX,No\n"
        f"c3,,Bo,{BO},Me,{ME},2025-01-03 10:00:00 UTC,,Hi,INBOX,No\n"
    )
    section = read_one(write(tmp_path, data))
    assert sorted(_counts(section)) == [ADA, BO]
    assert all("LinkedIn Member" not in (p.first_name, p.display_name) for p in section.people)


def test_the_profile_name_tells_the_owner_when_there_is_one_conversation(tmp_path):
    data = HEADER + (
        f"c1,,Me Myself,{ME},Ada,{ADA},2025-01-01 10:00:00 UTC,,Hi,INBOX,No\n"
        f"c1,,Ada,{ADA},Me Myself,{ME},2025-01-02 10:00:00 UTC,,Hi,INBOX,No\n"
    )
    with write(tmp_path, data).open("rb") as stream:
        table = find_table(read_csv(stream, []))
        people = list(read_messages(table, [], ArchiveOwner(name="Me Myself")))
    assert [p.profile_url for p in people] == [ADA]


def test_a_pre_2021_messages_file_without_urls_yields_no_one_and_says_why(tmp_path):
    data = (
        "From,To,Date,Subject,Content,Direction,Folder\n"
        'Ada,Me,"10/16/18, 8:36 AM",,Hi,INCOMING,INBOX\n'
    )
    section = read_one(write(tmp_path, data))
    assert section.items == []
    assert section.warnings == [NO_URLS_WARNING]
