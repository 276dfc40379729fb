"""Use-cases shared by the command line and the terminal app: the only code, besides storage,
that opens a database session.

Each module holds one family of use-cases (`portfolio`, `assessing`, `results`, `history`,
`reports`, `exchange`, `admin`, `demo`). Every function is keyword-only, takes a `Workspace` first
and returns plain view objects (`cxaudit.services.views`) or domain objects, so a front end
never sees a session, a table row or a score it computed itself.

Importing this package loads nothing heavy: no textual, no SQLAlchemy until a workspace opens.
"""

from __future__ import annotations

from cxaudit.services.workspace import Workspace, open_workspace

__all__ = ["Workspace", "open_workspace"]
