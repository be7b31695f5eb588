"""The one error family of cahtool: each error carries a one-line message for the user."""

from __future__ import annotations

#: The longest message: one that quotes too much of a file (7 MB of text) is cut in the middle, at "…".
MAX_MESSAGE = 2000


def _shortened(message: str) -> str:
    if len(message) <= MAX_MESSAGE:
        return message
    tail = MAX_MESSAGE // 4  # the end of a message says what to do: keep it
    return message[:MAX_MESSAGE - tail - 3] + " … " + message[-tail:]


class CahtoolError(Exception):
    """Base of every error cahtool reports to users (the CLI maps it to exit code 2)."""

    def __init__(self, message: str, *, path: str = "", line: int | None = None, column: int | None = None) -> None:
        self.path = path
        self.line = line
        self.column = column  # kept for findings (check gives line and column); the message names the line
        self.detail = _shortened(" ".join(message.split()))
        super().__init__(self.format())

    def format(self) -> str:
        """Return ``path:line: message`` on one line (as compilers and linters print)."""
        where = self.path
        if where and self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.detail}" if where else self.detail


class InputError(CahtoolError):
    """A file or document cannot be read: missing, malformed, hostile, or not Akoma Ntoso."""


class EncodingError(InputError):
    """A file whose bytes are not text in the encoding it declares (or not UTF-8 when it declares none)."""


class MalformedXMLError(InputError):
    """A file that is not well-formed XML: a syntax error, a truncated file, an empty file."""


class HostileXMLError(InputError):
    """XML refused as dangerous: a DOCTYPE, an entity, an XInclude (they read other files or explode)."""


class UnknownDocumentError(InputError):
    """A document id or path that names nothing in the corpus."""


class AmendmentError(CahtoolError):
    """An amendment instruction cannot be applied to its base exactly as written."""


class TargetNotFoundError(AmendmentError):
    """An instruction's destination eId or old words are not in the base (or not once)."""


class ValidationError(CahtoolError):
    """A document breaks a rule of ``cahtool check``."""
