"""Errors: the exceptions that carry a Norwegian text for the CLI's one error boundary."""

from __future__ import annotations

import errno


class Stop(Exception):
    """The command cannot continue (not a handbook, unknown site, usage error); one line, exit 2."""


class UsageError(Stop):
    """The command line itself is wrong; shown after the command's usage line."""

    def __init__(self, message: str, usage: str) -> None:
        super().__init__(message)
        self.usage = usage


class Refused(Exception):
    """A user mistake refused by a command that writes (registrer, evaluer, ny); nothing was written, exit 1."""


_REASONS: dict[int, str] = {
    errno.ENOENT: "finnes ikke",
    errno.EACCES: "mangler tilgang",
    errno.EPERM: "mangler tilgang",
    errno.ENOSPC: "disken er full",
    errno.EDQUOT: "diskkvoten er brukt opp",
    errno.EROFS: "skrivebeskyttet (filsystemet kan bare leses)",
    errno.EISDIR: "er en mappe, ikke en fil",
    errno.ENOTDIR: "en del av stien er en fil, ikke en mappe",
    errno.EEXIST: "finnes allerede",
    errno.ENAMETOOLONG: "navnet er for langt",
    errno.ELOOP: "for mange symbolske lenker etter hverandre",
    errno.EMFILE: "for mange åpne filer",
    errno.EBUSY: "er i bruk",
    errno.ETXTBSY: "er i bruk",
    errno.ENOTEMPTY: "mappen er ikke tom",
    errno.EIO: "lese- eller skrivefeil på disken",
    errno.EXDEV: "kan ikke flyttes til et annet filsystem",
}


def os_error_text(error: OSError) -> str:
    """One Norwegian line for an OSError: which file, and what went wrong, translated from errno."""
    names = [str(name) for name in (error.filename, error.filename2) if name is not None]
    where = " og ".join(f"«{name}»" for name in names) or "en fil eller mappe"
    reason = _REASONS.get(error.errno or 0)
    if reason is None:
        code = errno.errorcode.get(error.errno or 0, "ukjent")
        reason = f"systemfeil {code}"
    return f"Kunne ikke bruke {where}: {reason}."
