"""The ``cnscd`` command line. ``main`` is the console-script entry point.

Help and messages are in Vietnamese by default; ``--lang en`` or ``CNSCD_LANG=en`` switch
to English. Listing commands take ``--json`` and then print exactly one JSON document.
Exit codes: 0 success, 1 the command ran but found nothing or rejected something,
2 bad input or usage (a one-line message on stderr, never a traceback).
"""

from cnscd_core.cli._app import build_cli, main

__all__ = ["build_cli", "main"]
