"""The one exception type that callers and the CLI expect."""


class MawaqifError(Exception):
    """An expected failure, described in one line for the user.

    The command line prints ``mawaqif: error: <message>`` and exits with a
    non-zero status; library callers can catch it.
    """
