"""Named exceptions: the library raises them, the CLI turns each into a one-line message."""

from __future__ import annotations


class ExtractorError(Exception):
    """Base of every error this package raises on purpose."""

    kind = "error"
    hint = ""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path

    def one_line(self) -> str:
        where = f"{self.path}: " if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self}{hint}"


class InputError(ExtractorError):
    """The input cannot be read as a post."""

    kind = "input"


class MissingPathError(InputError):
    kind = "missing"
    hint = "check the path"


class NotAFileError(InputError):
    kind = "not_a_file"
    hint = "give a file, or use 'extract batch' for a folder"


class EmptyInputError(InputError):
    kind = "empty"
    hint = "give a file that holds the post's text"


class BinaryInputError(InputError):
    kind = "binary"
    hint = "give a text or HTML file"


class DecodeError(InputError):
    kind = "undecodable"
    hint = "save the file as UTF-8, UTF-16 with a BOM, or cp874"


class DataFileError(ExtractorError):
    """A bundled data file is missing or malformed: the installation is broken."""

    kind = "data"
    hint = "reinstall the package"


class TooLargeError(InputError):
    """The post is beyond the documented limits (``extractor.limits``): longer than any post, or
    nested deeper than any page, so reading it would take unbounded time or memory."""

    kind = "too_large"
    hint = "split it into posts of at most 1,000,000 characters"
