"""The capture bookmarklet as a ``javascript:`` link, built from its readable source."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from urllib.parse import quote

from django.contrib.staticfiles import finders

SOURCE = "js/capture-bookmarklet.js"
PLACEHOLDER = '"__CAPTURE_URL__"'
_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
# Characters a bookmark keeps as they are; everything else is percent-encoded.
_URL_SAFE = "!#$&'()*+,-./:;=?@[]^_`{|}~"


@cache
def minified_source() -> str:
    """The bookmarklet's code with comments and indentation removed.

    The source is written for this: block comments only, and every statement
    ends with a semicolon, so its lines can be joined as they are.
    """
    text = Path(finders.find(SOURCE)).read_text(encoding="utf-8")
    lines = (line.strip() for line in _BLOCK_COMMENT.sub("", text).splitlines())
    return "".join(line for line in lines if line)


def bookmarklet_href(capture_url: str) -> str:
    """The ``javascript:`` link that opens ``capture_url`` from a LinkedIn profile."""
    code = minified_source().replace(PLACEHOLDER, json.dumps(capture_url))
    return "javascript:" + quote(code, safe=_URL_SAFE)
