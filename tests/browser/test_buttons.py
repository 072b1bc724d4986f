"""Buttons in a real browser: a <button> looks like a link button of the same classes."""

from __future__ import annotations

import re

import pytest

from tests.browser.chromium import sign_in, step, sync_playwright_page
from tests.factories import make_contact, make_note, make_tag, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VARIANTS = [
    "", "button--primary", "button--danger", "button--ghost", "button--small",
    "button--small button--primary", "button--small button--danger", "button--small button--ghost",
]  # fmt: skip

# For each variant, the computed styles in which a <button> differs from an <a>.
DIFFERENCES_FROM_A_LINK = """variants => {
  const looks = ["backgroundColor", "color", "borderTopColor", "borderTopWidth", "borderRadius",
    "paddingTop", "paddingLeft", "minHeight", "height", "width", "fontSize", "fontWeight",
    "fontFamily", "lineHeight", "textDecorationLine"];
  const differences = {};
  for (const variant of variants) {
    const link = document.createElement("a");
    link.href = "#";
    const button = document.createElement("button");
    for (const element of [link, button]) {
      element.className = `button ${variant}`.trim();
      element.textContent = "Same words";
      document.querySelector("main").append(element);
    }
    const [a, b] = [getComputedStyle(link), getComputedStyle(button)];
    const differing = looks.filter(look => a[look] !== b[look]);
    if (differing.length) differences[variant || "plain"] = differing;
    link.remove();
    button.remove();
  }
  return differences;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_button_looks_like_a_link_button_of_the_same_classes(live_server, scheme):
    make_user("jordan")
    with sync_playwright_page() as page:
        page.emulate_media(color_scheme=scheme)
        sign_in(page, live_server.url, "jordan")
        with step(page, f"buttons-like-links-{scheme}"):
            page.goto(f"{live_server.url}/tags/")
            assert page.evaluate(DIFFERENCES_FROM_A_LINK, VARIANTS) == {}


def background(page, role: str, name: str) -> str:
    control = page.get_by_role(role, name=name, exact=True)
    return control.evaluate("element => getComputedStyle(element).backgroundColor")


def test_danger_and_primary_buttons_are_coloured_unlike_a_plain_one(live_server):
    jordan = make_user("jordan")
    tag = make_tag(jordan, "conference")
    contact = make_contact(jordan)
    with sync_playwright_page() as page:
        sign_in(page, live_server.url, "jordan")
        with step(page, "buttons-danger"):
            page.goto(f"{live_server.url}/tags/{tag.pk}/delete/")
            plain = background(page, "link", "Cancel")
            assert background(page, "button", "Delete the tag") != plain
        with step(page, "buttons-primary"):
            page.goto(f"{live_server.url}/contacts/{contact.pk}/")
            plain = background(page, "button", "Add")
            assert background(page, "button", "Add note") != plain


def style(page, role: str, name: str | re.Pattern, look: str) -> str:
    control = page.get_by_role(role, name=name, exact=True)
    return control.evaluate(f"element => getComputedStyle(element).{look}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_contacts_and_a_tags_delete_are_red_as_a_notes_delete_is(live_server, scheme):
    jordan = make_user("jordan")
    make_tag(jordan, "conference")
    contact = make_contact(jordan)
    make_note(contact)
    with sync_playwright_page() as page:
        page.emulate_media(color_scheme=scheme)
        sign_in(page, live_server.url, "jordan")
        with step(page, f"buttons-delete-{scheme}"):
            page.goto(f"{live_server.url}/contacts/{contact.pk}/")
            danger = style(page, "button", re.compile("^Delete note from"), "color")
            assert style(page, "link", "Delete", "backgroundColor") == danger
            page.goto(f"{live_server.url}/tags/")
            assert style(page, "link", "Delete conference", "backgroundColor") == danger
