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


class SpecialFileError(NotAFileError):
    """A FIFO, socket, device or link loop: never opened for reading (a FIFO would block)."""

    hint = "a post must be a regular file"


class EmptyInputError(InputError):
    kind = "empty"
    hint = "give a file that holds the post's text"


class BinaryInputError(InputError):
    kind = "binary"
    hint = "give a text or HTML file"


class DecodeError(InputError):
    kind = "undecodable"
    hint = "save the file as UTF-8, UTF-16 with a BOM, or cp874"


class UnsafeInputError(InputError):
    """A path the batch will not follow: a link out of the input folder, or an archive member
    naming a place outside the archive (``../``, absolute)."""

    kind = "unsafe_path"
    hint = "copy the file into the input folder if it is meant to be read"


class ArchiveError(InputError):
    """An archive that cannot be read (corrupt, truncated): what was read before stays converted."""

    kind = "archive"
    hint = "check the archive, e.g. with 'unzip -t' or 'tar -tzf'"


class WorkerDiedError(ExtractorError):
    """The worker process converting a post died (killed, out of memory) on every attempt."""

    kind = "worker_died"
    hint = "the post may need more memory than the machine has; try it alone with 'extract FILE'"


class DataFileError(ExtractorError):
    """A bundled data file is missing or malformed: the installation is broken."""

    kind = "data"
    hint = "reinstall the package"


class TooLargeError(InputError):
    """The post is beyond the documented limits (``extractor.limits``, or a lower ``--max-bytes``):
    longer than any post, nested deeper than any page, or a device or zip bomb that never ends,
    so reading it would take unbounded time or memory. Nothing past the limit is read."""

    kind = "too_large"
    hint = ("a post is at most 150,000 characters and 8,000,000 bytes, or what extract batch --max-bytes "
            "sets (README: Limits and hostile input); split it into posts")
