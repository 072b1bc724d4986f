"""What a page gives assistive technology and a keyboard, read in a real browser.

The page's problems come from Chromium's own accessibility tree (what a screen
reader is given) and its computed styles: names, landmarks, one h1, a language,
the focus ring on every focusable element, the Tab order, and contrast.
``page_problems`` lists them one line each, so one run says everything wrong.
"""

from __future__ import annotations

from playwright.sync_api import Page

# What Chromium's accessibility tree holds for the page: the problems a screen reader meets.
NAMED_ROLES = {
    "button", "link", "textbox", "searchbox", "combobox", "listbox", "checkbox", "radio",
    "spinbutton", "slider", "switch", "menuitem", "tab", "image", "img", "progressbar",
    "meter", "date", "DateTime", "InputTime", "disclosureTriangle",
}  # fmt: skip


def tree_of(page: Page) -> list[dict]:
    session = page.context.new_cdp_session(page)
    try:
        return session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()


def value_of(node: dict, key: str) -> object:
    return (node.get(key) or {}).get("value")


def properties_of(node: dict) -> dict[str, object]:
    return {p["name"]: p["value"].get("value") for p in node.get("properties", [])}


def tree_problems(page: Page, signed_in: bool) -> list[str]:
    nodes = [node for node in tree_of(page) if not node.get("ignored")]
    problems = []
    roles = [value_of(node, "role") for node in nodes]
    for landmark in ["main", "banner"] + (["navigation"] if signed_in else []):
        if landmark not in roles:
            problems.append(f"no {landmark} landmark")
    headings_1 = [
        node
        for node in nodes
        if value_of(node, "role") == "heading" and properties_of(node).get("level") == 1
    ]
    if len(headings_1) != 1:
        names = [value_of(node, "name") for node in headings_1]
        problems.append(f"{len(headings_1)} h1 headings: {names}")
    for node in nodes:
        role = value_of(node, "role")
        if role in NAMED_ROLES and not str(value_of(node, "name") or "").strip():
            problems.append(f"a {role} without a name")
        if role == "progressbar":
            found = properties_of(node)
            for needed in ["valuemin", "valuemax"]:
                if needed not in found:
                    problems.append(f"a progressbar without {needed}")
            if value_of(node, "value") is None and "valuetext" not in found:
                problems.append("a progressbar without a value")
    return problems


# Shared JS: colour parsing and contrast, as WCAG 2 defines them.
COLOUR_JS = """
const parse = text => {
  const m = text.match(/rgba?\\(([^)]+)\\)/);
  if (!m) return null;
  const parts = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
  return {r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1};
};
const over = (top, bottom) => ({
  r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
  b: top.b * top.a + bottom.b * (1 - top.a), a: 1,
});
const luminance = c => {
  const [r, g, b] = [c.r, c.g, c.b].map(v => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const ratio = (a, b) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};
// The colour behind an element: its own and its ancestors' backgrounds, blended down to
// the canvas; null when an image or a gradient is behind it.
const backgroundOf = element => {
  const layers = [];
  for (let node = element; node; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (style.backgroundImage !== "none") return null;
    const colour = parse(style.backgroundColor);
    if (colour && colour.a > 0) {
      layers.push(colour);
      if (colour.a === 1) break;
    }
  }
  let result = parse(matchMedia("(prefers-color-scheme: dark)").matches
    ? "rgb(0, 0, 0)" : "rgb(255, 255, 255)");
  for (const layer of layers.reverse()) result = over(layer, result);
  return result;
};
"""


DESCRIBE_JS = """
const describe = element => {
  const words = String(element.innerText || element.getAttribute("aria-label") ||
    element.value || "").trim().replace(/\\s+/g, " ").slice(0, 40);
  const classes = element.className && typeof element.className === "string"
    ? "." + element.className.trim().split(/\\s+/).join(".") : "";
  return `${element.tagName.toLowerCase()}${classes} "${words}"`;
};
"""

# The text of every element shown, and each placeholder, against the colour behind it:
# 4.5:1, or 3:1 for large text (WCAG 1.4.3).
CONTRAST_PROBLEMS = (
    "() => {"
    + COLOUR_JS
    + DESCRIBE_JS
    + """
  const problems = [];
  const checked = new Set();
  const check = (element, colourText, words, back) => {
    const style = getComputedStyle(element);
    const text = over(parse(colourText), back);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (parseInt(style.fontWeight, 10) >= 700 && size >= 18.66);
    const found = ratio(text, back);
    if (found < (large ? 3 : 4.5)) {
      const behind = [back.r, back.g, back.b].map(Math.round).join(", ");
      problems.push(`${found.toFixed(2)}:1 ${words} (${colourText} on rgb(${behind}))`);
    }
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!node.data.trim() || checked.has(element)) continue;
    checked.add(element);
    if (element.closest("script, style, option, [disabled]")) continue;
    if (!element.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const box = element.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    const back = backgroundOf(element);
    if (back) check(element, getComputedStyle(element).color, describe(element), back);
  }
  for (const input of document.querySelectorAll("[placeholder]")) {
    if (!input.checkVisibility() || input.value) continue;
    const back = backgroundOf(input);
    const colour = getComputedStyle(input, "::placeholder").color;
    if (back) check(input, colour, `placeholder "${input.placeholder}"`, back);
  }
  return problems;
}"""
)


FOCUSABLE = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]"

# Focuses each element in turn as the keyboard would: its outline or shadow must change,
# and an outline must stand out from the page behind it (WCAG 1.4.11: 3:1).
FOCUS_PROBLEMS = (
    "() => {"
    + COLOUR_JS
    + DESCRIBE_JS
    + """
  const problems = [];
  const look = element => {
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const drawn = `${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}`;
    return {outline: outline ? drawn : "", colour: style.outlineColor, shadow: style.boxShadow};
  };
  const focusable = [...document.querySelectorAll('"""
    + FOCUSABLE
    + """')]
    .filter(element => !element.disabled && element.tabIndex >= 0 &&
      element.checkVisibility({visibilityProperty: true}));
  for (const element of focusable) {
    document.activeElement.blur();
    const before = look(element);
    element.focus({focusVisible: true, preventScroll: true});
    if (document.activeElement !== element) {
      problems.push(`takes no focus: ${describe(element)}`);
      continue;
    }
    const after = look(element);
    if (!(after.outline && after.outline !== before.outline) && after.shadow === before.shadow) {
      problems.push(`no focus indicator: ${describe(element)}`);
      continue;
    }
    const back = backgroundOf(element.parentElement);
    const colour = parse(after.colour);
    if (after.outline && back && colour) {
      const found = ratio(over(colour, back), back);
      if (found < 3) {
        problems.push(`focus outline ${found.toFixed(2)}:1 against the page: ${describe(element)}`);
      }
    }
  }
  document.activeElement.blur();
  return problems;
}"""
)


# What the page's markup says: its language, no tabindex that reorders Tab, alt text.
DOM_PROBLEMS = """() => {
  const problems = [];
  if (!document.documentElement.lang) problems.push("no lang on <html>");
  for (const element of document.querySelectorAll("[tabindex]")) {
    const tag = element.tagName.toLowerCase();
    if (element.tabIndex > 0) problems.push(`tabindex ${element.tabIndex} on <${tag}>`);
  }
  const unnamed = "img:not([alt]), svg:not([aria-hidden=true]):not([role=img])";
  for (const image of document.querySelectorAll(unnamed)) {
    problems.push(`an image without alt text: <${image.tagName.toLowerCase()}>`);
  }
  return problems;
}"""


TAB_ORDER_NUMBERS = (
    "fromEnd => {"
    + DESCRIBE_JS
    + """
  const focusable = [...document.querySelectorAll('"""
    + FOCUSABLE
    + """')]
    .filter(element => !element.disabled && element.tabIndex >= 0 &&
      element.checkVisibility({visibilityProperty: true}) &&
      !(element.type === "radio" && !element.checked && element.form &&
        element.form.querySelector(`input[type=radio][name="${element.name}"]:checked`)));
  focusable.forEach((element, index) => { element.dataset.tabOrder = index; });
  // Tab starts from the top of the page, as after the page opened without an autofocus;
  // Shift+Tab from the last element.
  if (fromEnd) {
    focusable[focusable.length - 1].focus({focusVisible: true});
  } else {
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute("tabindex");
  }
  return focusable.map(describe);
}"""
)

# Where the focus is: which element, and whether the user sees it (in the window, on top).
FOCUSED = (
    "() => {"
    + DESCRIBE_JS
    + """
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const box = element.getBoundingClientRect();
  const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  const inside = box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
  const onTop = !!top && (element.contains(top) || top.contains(element) ||
    [...(element.labels || [])].some(label => label.contains(top)));
  return {order: Number(element.dataset.tabOrder ?? -1), what: describe(element),
          shown: inside && onTop};
}"""
)


def tab_order_problems(page: Page, key: str = "Tab") -> list[str]:
    """Tabs through the page (backwards with Shift+Tab, from its last element): each element
    once, in the page's order, each in sight and on top when it has the focus."""
    forwards = key == "Tab"
    focusable = page.evaluate(TAB_ORDER_NUMBERS, not forwards)
    problems, reached, last = [], set(), -1 if forwards else len(focusable)
    focused = None if forwards else page.evaluate(FOCUSED)
    # A date field takes three presses (day, month, year): room for them all.
    for _ in range(3 * len(focusable) + 3):
        if focused is None:
            page.keyboard.press(key)
            focused = page.evaluate(FOCUSED)
            if focused is None or (focused["order"] in reached and focused["order"] != last):
                break  # past the last element, or round to the first again
        order, what, shown = focused["order"], focused["what"], focused["shown"]
        focused = None
        if order in reached:
            continue  # the next part of a date field
        reached.add(order)
        if order < 0:
            problems.append(f"{key} reaches {what}, which is not shown")
        elif (order < last) if forwards else (order > last):
            problems.append(f"{key} goes back to {what}")
        if not shown:
            problems.append(f"{key}: the focus on {what} is out of sight or covered")
        last = order
    problems += [
        f"{key} never reaches {what}" for n, what in enumerate(focusable) if n not in reached
    ]
    return problems


def collapsed(problems: list[str]) -> list[str]:
    """The same problem on fifty rows is one line, with how many times."""
    counts: dict[str, int] = {}
    for problem in problems:
        counts[problem] = counts.get(problem, 0) + 1
    return [f"{p} (x{n})" if n > 1 else p for p, n in counts.items()]


def page_problems(page: Page, signed_in: bool, keyboard: bool) -> list[str]:
    """Everything wrong with the page open in ``page``, one line each."""
    problems = tree_problems(page, signed_in) + page.evaluate(DOM_PROBLEMS)
    problems += page.evaluate(CONTRAST_PROBLEMS)
    page.keyboard.press("Tab")  # the focus comes from the keyboard from now on
    problems += page.evaluate(FOCUS_PROBLEMS)
    if keyboard:
        problems += tab_order_problems(page, "Tab") + tab_order_problems(page, "Shift+Tab")
    return collapsed(problems)


def title_problems(titles: dict[str, str]) -> list[str]:
    problems = []
    pages_of: dict[str, list[str]] = {}
    for name, title in titles.items():
        pages_of.setdefault(title, []).append(name)
        if not title.endswith(" · Network CRM") or title.startswith("Network ·"):
            problems.append(f"{name}: the title {title!r} does not say what the page is")
    problems += [
        f"{names} share the title {t!r}" for t, names in pages_of.items() if len(names) > 1
    ]
    return problems
