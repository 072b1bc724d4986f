"""Readers never crash on arbitrary bytes: they yield items or raise UnsupportedFile."""

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imports.readers import open_sections, preview
from imports.records import PersonRecord, RowError, SkippedRow, UnsupportedFile

ITEMS = (PersonRecord, SkippedRow, RowError)
PREFIXES = [
    b"",
    b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
    b"\xef\xbb\xbfprofileUrl,fullName\n",
    b"\xff\xfeF\x00i\x00",
    b"[",
    b'[{"fullName": ',
    b'{"a": 1}\n{',
    b"BEGIN:VCARD\nVERSION:3.0\n",
    b"CONVERSATION ID,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,CONTENT\n",
    b"Date,Status,FullName\n",
    b"From,To,Sent At,Message,Direction\n",
    b"PK\x03\x04",
]
fuzz = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def read_everything(path, **options):
    try:
        for section in open_sections(path, **options):
            for item in section.rows:
                assert isinstance(item, ITEMS)
    except UnsupportedFile as error:
        assert str(error)


@fuzz
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=600))
def test_open_sections_never_crashes_on_arbitrary_bytes(tmp_path, prefix, body):
    path = tmp_path / "upload"
    path.write_bytes(prefix + body)
    read_everything(path)
    read_everything(path, declared_kind="followers", mapping={"a": "full_name"})


@fuzz
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=600))
def test_preview_never_crashes_on_arbitrary_bytes(tmp_path, prefix, body):
    path = tmp_path / "upload"
    path.write_bytes(prefix + body)
    try:
        preview(path)
    except UnsupportedFile as error:
        assert str(error)


@fuzz
@given(
    members=st.dictionaries(
        st.sampled_from(["Connections.csv", "messages.csv", "x/Invitations.csv"]),
        st.binary(max_size=300),
        max_size=3,
    )
)
def test_archives_of_arbitrary_members_never_crash(tmp_path, members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    path = tmp_path / "archive.zip"
    path.write_bytes(buffer.getvalue())
    read_everything(path)
