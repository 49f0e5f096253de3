"""What the terminal can take: colour and redrawing, or plain lines.

Colour and redrawing need an interactive terminal that understands ANSI
escapes; NO_COLOR (https://no-color.org) turns colour off, TERM=dumb and any
output that is not a terminal (a pipe, a file, a CI log) turn both off.
Only the escapes every terminal and ssh session knows are used.
"""
from __future__ import annotations

import os
import sys

_CODES = {"green": "32", "red": "31", "yellow": "33", "bold": "1", "dim": "2",
          "bold red": "1;31", "bold green": "1;32"}


def _interactive(stream) -> bool:
    return stream.isatty() and os.environ.get("TERM", "") not in ("", "dumb")


def use_colour(stream=sys.stdout) -> bool:
    return _interactive(stream) and "NO_COLOR" not in os.environ


def can_redraw(stream=sys.stdout) -> bool:
    return _interactive(stream)


def paint(text: str, style: str, colour: bool) -> str:
    return f"\033[{_CODES[style]}m{text}\033[0m" if colour else text


def clear_screen() -> str:
    """Home the cursor and clear: a fresh screen for each verdict."""
    return "\033[H\033[2J"
