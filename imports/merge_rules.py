"""The merge rules of the upsert, as SQL over a stored row ``o`` and an incoming row ``n``.

A stated value replaces the stored one and an empty cell never blanks it;
relationship facts are only ever added here (the snapshot rule ends
connections); the earliest connection, follow and following dates win,
except that a connection dated on or after a stored disconnection is a
reconnection; a stated disconnection date is kept for a contact that stays
disconnected, the latest one winning; the latest interaction and invitation
dates win; the message count keeps its maximum, so re-reading the same
messages never adds them twice; a connection has no pending invitation.
"""

from __future__ import annotations

from django.db import connection

from imports.people import TEXT_FIELDS

TIMESTAMPS = ("invitation_at", "last_interaction_at")


def _earliest(old: str, new: str) -> str:
    return _pick(old, new, "<")


def _latest(old: str, new: str) -> str:
    return _pick(old, new, ">")


def _pick(old: str, new: str, better: str) -> str:
    """SQL for the stated one of two values, or the ``better``-comparing one when both are."""
    return (
        f"CASE WHEN {new} IS NULL THEN {old} "
        f"WHEN {old} IS NULL OR {new} {better} {old} THEN {new} ELSE {old} END"
    )


def merged_values(o: str, n: str) -> dict[str, str]:
    """Column -> the SQL for its value after merging new row ``n`` into stored row ``o``."""
    values = {
        column: f"CASE WHEN {n}.{column} <> '' THEN {n}.{column} ELSE {o}.{column} END"
        for column in (*TEXT_FIELDS, "email")
    }
    # The slug is the identity; any stored URL form of it is as good as the canonical one.
    values["profile_url"] = (
        f"CASE WHEN {o}.profile_url = '' THEN {n}.profile_url ELSE {o}.profile_url END"
    )
    reconnects = (
        f"({n}.is_connection AND NOT {o}.is_connection AND {o}.disconnected_on IS NOT NULL"
        f" AND ({n}.connected_on IS NULL OR {n}.connected_on >= {o}.disconnected_on))"
    )
    # A connection dated before its stored end comes from an older export: it is not news.
    stale = f"({n}.connected_on < {o}.disconnected_on)"
    values["is_connection"] = (
        f"CASE WHEN {stale} THEN {o}.is_connection "
        f"ELSE ({o}.is_connection OR {n}.is_connection) END"
    )
    # A connection has no pending invitation: it was accepted, or they connected anyway.
    values["invitation"] = (
        f"CASE WHEN {values['is_connection']} THEN '' ELSE {values['invitation']} END"
    )
    values["connected_on"] = (
        f"CASE WHEN {reconnects} AND {n}.connected_on IS NOT NULL THEN {n}.connected_on "
        f"ELSE {_earliest(f'{o}.connected_on', f'{n}.connected_on')} END"
    )
    values["disconnected_on"] = (
        f"CASE WHEN {reconnects} THEN NULL WHEN {o}.is_connection THEN {o}.disconnected_on "
        f"ELSE {_latest(f'{o}.disconnected_on', f'{n}.disconnected_on')} END"
    )
    for column in ("is_follower", "is_following"):
        values[column] = f"({o}.{column} OR {n}.{column})"
    for column in ("followed_me_on", "following_since"):
        values[column] = _earliest(f"{o}.{column}", f"{n}.{column}")
    for column in TIMESTAMPS:
        values[column] = _latest(f"{o}.{column}", f"{n}.{column}")
    values["message_count"] = (
        f"CASE WHEN {n}.message_count > {o}.message_count THEN {n}.message_count "
        f"ELSE {o}.message_count END"
    )
    return values


def set_clause_and_change_test(o: str, n: str) -> tuple[str, str]:
    """``SET`` assignments (ending with two timestamp parameters) and the "it changes" test."""
    values = merged_values(o, n)
    assignments = ", ".join(f"{column} = {sql}" for column, sql in values.items())
    assignments += ", updated_at = %s, last_seen_at = %s"
    stored = ", ".join(f"{o}.{column}" for column in values)
    merged = ", ".join(values.values())
    distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    return assignments, f"({stored}) {distinct} ({merged})"
