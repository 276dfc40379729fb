"""Archived organisations: the moment an organisation left the lists, kept with its history.

Revision ID: 0003_organisation_archive
Revises: 0002_score_snapshots
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_organisation_archive"
down_revision: str | Sequence[str] | None = "0002_score_snapshots"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    # A nullable column is added in place on SQLite and PostgreSQL alike: no table rebuild.
    op.add_column(
        "organisations", sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    """Undo this revision."""
    # Dropped in place (SQLite 3.35+): a batch rebuild of this table would, with foreign keys
    # on, take every assessment with it through ON DELETE CASCADE.
    op.drop_column("organisations", "archived_at")
