"""The subcommands of `cxaudit`, one module per family; `cxaudit.cli.app` adds each module's
`COMMANDS` to the group.

Each module imports only click and light cxaudit modules at the top; services and heavy
libraries are imported inside the command function.
"""
