"""Writing files without ever leaving half of one: atomic writes, safe appends, a directory swapped in whole.

Every file cahtool writes (``-o FILE``, ``check --summary``, every page of the site) goes through here:

- ``write_atomic``: the bytes go to a temporary file beside the target (same directory, so same file
  system), are flushed and fsync'ed, and the temporary file is renamed over the target (``os.replace``,
  atomic on POSIX and Windows). A failure at any point (disk full, Ctrl-C) removes the temporary file and
  leaves the old file as it was. A symbolic link as target is followed: the file it points to is replaced.
- ``append_safely``: the old content and the new are written together with ``write_atomic``; a target
  that is not a regular file (a pipe, ``/dev/stderr``) or sits in a directory we cannot write to is
  appended to in place, and cut back to its old length if the append fails.
- ``refuse_inputs``: ``-o`` naming a file the command reads is refused before anything is written.
- ``replace_directory`` with ``BuildLock``: a site is rendered into a fresh sibling directory and swapped
  in only once complete, under a lock that a second build finds taken ("build in progress").
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from cahtool.errors import CahtoolError

try:  # POSIX; elsewhere the lock falls back to creating the lock file exclusively
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

#: Permissions of a new file, before the umask (as ``open()`` would create it).
NEW_FILE_MODE = 0o666
#: Permissions of a new directory, before the umask (as ``mkdir`` would create it).
NEW_DIR_MODE = 0o777


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _fsync_directory(directory: Path) -> None:
    """Make a rename durable (POSIX); directories cannot be opened on Windows, where this is a no-op."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def target_of(path: str | Path) -> Path:
    """The file a write to ``path`` lands in: ``path``, or the file a symbolic link there points to."""
    return Path(os.path.realpath(path))


def write_atomic(path: str | Path, data: bytes, *, durable: bool = True, what: str = "output") -> None:
    """Write ``data`` to ``path`` all at once: a temporary file beside it, renamed into place.

    The old file stays whole until the rename; on any failure the temporary file is removed and a
    one-line CahtoolError names the path. ``durable`` fsyncs the file and its directory (a site's pages
    skip it: the whole site is swapped in at once instead).
    """
    target = target_of(path)
    if target.is_dir():
        raise CahtoolError(f"cannot write {what}: it is a directory", path=str(path))
    if os.path.exists(path) and not os.path.isfile(path):
        # A device or a pipe (``-o /dev/null``, ``-o /dev/stdout``): written to as it is. Renaming a file over
        # it would replace the device itself, for every program on the machine (run as root, it can).
        try:
            with open(path, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise CahtoolError(f"cannot write {what}: {_reason(exc)}", path=str(path)) from None
        return
    directory = target.parent
    try:
        import tempfile  # here: a command that writes no file (or writes to a device) does not load it

        mode = target.stat().st_mode & 0o7777 if target.exists() else NEW_FILE_MODE & ~_umask()
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise CahtoolError(f"cannot write {what}: {_reason(exc)}", path=str(path)) from None
    try:
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                if durable:
                    os.fsync(handle.fileno())
            os.chmod(temporary, mode)
            os.replace(temporary, target)
        except OSError as exc:
            raise CahtoolError(f"cannot write {what}: {_reason(exc)} (the old file, if any, is unchanged)",
                               path=str(path)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    if durable:
        _fsync_directory(directory)


def append_safely(path: str | Path, data: bytes, *, what: str = "the summary") -> None:
    """Append ``data`` to ``path`` without ever truncating what it holds (see the module's docstring)."""
    target = target_of(path)
    try:
        regular = target.is_file() or not target.exists()
        old = target.read_bytes() if target.is_file() else b""
    except OSError as exc:
        raise CahtoolError(f"cannot write {what}: {_reason(exc)}", path=str(path)) from None
    if regular and os.access(target.parent, os.W_OK):
        write_atomic(target, old + data, what=what)
        return
    try:
        with open(target, "ab") as handle:
            start = handle.tell()
            try:
                handle.write(data)
                handle.flush()
            except BaseException:
                if target.is_file():
                    with contextlib.suppress(OSError):
                        handle.truncate(start)  # put the file back as it was
                raise
    except OSError as exc:
        raise CahtoolError(f"cannot write {what}: {_reason(exc)}", path=str(path)) from None


def same_file(a: str | Path, b: str | Path) -> bool:
    """True when two paths name one file (through symbolic links, ``..`` or hard links)."""
    if target_of(a) == target_of(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def refuse_inputs(output: str | Path | None, inputs: Iterable[str | Path], *, option: str = "-o") -> None:
    """Refuse an output that is one of the command's input files: writing it would destroy what is read."""
    if output is None or str(output) == "-":
        return
    for source in inputs:
        if source and same_file(output, source):
            raise CahtoolError(f"{option} {output} is also an input of this command ({source}): "
                               "write to another file", path=str(output))


# -- a directory written whole --------------------------------------------------------------------

class BuildLock:
    """An exclusive lock on ``DIR`` through a lock file beside it, ``.DIR.lock``: one build at a time.

    ``flock`` is released by the kernel when the process ends, however it ends, so no stale lock is left.
    The lock file is removed on release; a process that locked a file someone removed in between tries again.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.path = directory.parent / f".{directory.name}.lock"
        self.fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise "build in progress" at once."""
        busy = CahtoolError(f"build in progress: another cahtool build is writing this site (lock file {self.path}); "
                            "wait for it to finish", path=str(self.directory))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CahtoolError(f"cannot create the output directory: {_reason(exc)}",
                               path=str(self.directory)) from None
        while True:
            try:
                if fcntl is None:  # pragma: no cover - Windows
                    fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o644)
                else:
                    fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o644)
            except FileExistsError:  # pragma: no cover - Windows
                raise busy from None
            except OSError as exc:
                raise CahtoolError(f"cannot lock the site: {_reason(exc)}", path=str(self.path)) from None
            if fcntl is None:  # pragma: no cover - Windows
                self.fd = fd
                return
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(fd)
                if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise busy from None
                raise CahtoolError(f"cannot lock the site: {_reason(exc)}", path=str(self.path)) from None
            try:
                if os.fstat(fd).st_ino == os.stat(self.path).st_ino:
                    self.fd = fd
                    return
            except FileNotFoundError:
                pass
            os.close(fd)  # the file was removed by the build that held it: lock the new one

    def release(self) -> None:
        """Remove the lock file, then let go of the lock."""
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        os.close(self.fd)
        self.fd = None

    def __enter__(self) -> BuildLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM for the few system calls of a swap: Ctrl-C lands after it, not halfway."""
    held = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def fresh_directory(beside: Path) -> Path:
    """An empty directory next to ``beside`` (same file system, so it can be renamed into its place)."""
    try:
        import tempfile

        beside.parent.mkdir(parents=True, exist_ok=True)
        made = Path(tempfile.mkdtemp(dir=beside.parent, prefix=f".{beside.name}.new-"))
        os.chmod(made, NEW_DIR_MODE & ~_umask())  # mkdtemp makes it private; a site is served to others
    except OSError as exc:
        raise CahtoolError(f"cannot create the output directory: {_reason(exc)}", path=str(beside)) from None
    return made


def leftovers(directory: Path) -> list[Path]:
    """Directories left beside ``directory`` by a build that was killed (only call with the lock held)."""
    try:
        prefixes = (f".{directory.name}.new-", f".{directory.name}.old-")
        return sorted(p for p in directory.parent.iterdir()
                      if p.is_dir() and not p.is_symlink() and p.name.startswith(prefixes))
    except OSError:
        return []


def replace_directory(new: Path, directory: Path, keep: Sequence[str] = ()) -> None:
    """Put the complete directory ``new`` in the place of ``directory`` (the old one, if any, is removed).

    ``keep`` names subdirectories of the old directory that the new one takes as they are (a search index made from
    what did not change): each is moved across (one rename, however many files it holds) in the same moment as
    the swap, and moved back if the swap fails.
    """
    old = directory.parent / f".{directory.name}.old-{new.name.rpartition('-')[2]}"
    with _signals_held():
        moved: list[str] = []
        try:
            for name in keep:
                if not (new / name).exists():
                    os.rename(directory / name, new / name)
                    moved.append(name)
            if directory.exists():
                os.rename(directory, old)
            try:
                os.rename(new, directory)
            except OSError:
                if old.exists():
                    os.rename(old, directory)  # put the old site back
                raise
        except OSError as exc:
            for name in moved:
                with contextlib.suppress(OSError):
                    os.rename(new / name, directory / name)
            raise CahtoolError(f"cannot put the new site in place: {_reason(exc)} (the old site is unchanged)",
                               path=str(directory)) from None
        _fsync_directory(directory.parent)
    import shutil  # here, as tempfile: most commands write one file or none

    shutil.rmtree(old, ignore_errors=True)


def remove_tree(path: Path) -> None:
    """Remove a directory we made, whatever it holds (never raises)."""
    import shutil

    shutil.rmtree(path, ignore_errors=True)
