"""What a user is told when their input can't be used, at the bottom of the package so every layer can raise it.

An :class:`InputError` is one line for a person (file, line, column, value, expected); the command line prints
it and exits non-zero, without a traceback. ``source_file`` and ``source_line``, the columns every reader adds
to the rows it returns, are what such a line points at.
"""

from __future__ import annotations

#: The columns every reader adds: the file a row came from and the line a user can open in it.
SOURCE_FILE, SOURCE_LINE = "source_file", "source_line"


class InputError(Exception):
    """A file the user gave can't be used at all; the message is one line meant for that user."""
