"""The `cxaudit` command line: click commands that parse options, call a service and print.

`app` holds the group and its error handling, `state` the global options and the workspace a
command runs in, and `commands` one module per family of subcommands. Only click and cxaudit's
light modules load at import, so `cxaudit --help` stays fast.
"""

from __future__ import annotations

from cxaudit.cli.app import cli, main

__all__ = ["cli", "main"]
