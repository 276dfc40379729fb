"""Respondent links, answer confidence and evidence checks, and organisation profiles.

- `respondent_links`: one row per personal link, keeping only the SHA-256 of its token.
- `respondents.anonymous` and `respondents.finished_at`: who answers without a name, and when
  a respondent said they had finished.
- `answers.confidence` (`medium` for every answer given before) and `answers.unverified`
  (false before: no answer was ever let past the evidence gate).
- `organisations.profile` and `assessments.profile`: the yes/no flags that decide which
  questions apply; empty before, so every question applies exactly as it did.

Revision ID: 0004_links_evidence_profile
Revises: 0003_organisation_archive
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_links_evidence_profile"
down_revision: str | Sequence[str] | None = "0003_organisation_archive"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    # Columns with a server default are added in place on SQLite and PostgreSQL alike: no
    # table rebuild, so no ON DELETE CASCADE can fire while the tables are copied.
    op.add_column(
        "organisations", sa.Column("profile", sa.JSON(), nullable=False, server_default="{}")
    )
    op.add_column(
        "assessments", sa.Column("profile", sa.JSON(), nullable=False, server_default="{}")
    )
    op.add_column(
        "respondents",
        sa.Column("anonymous", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "respondents", sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "answers",
        sa.Column("confidence", sa.String(length=10), nullable=False, server_default="medium"),
    )
    op.add_column(
        "answers",
        sa.Column("unverified", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "respondent_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("respondent_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_respondent_links_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["respondent_id"],
            ["respondents.id"],
            name=op.f("fk_respondent_links_respondent_id_respondents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_respondent_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_respondent_links_token_hash")),
    )
    with op.batch_alter_table("respondent_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_respondent_links_assessment_id"), ["assessment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_respondent_links_respondent_id"), ["respondent_id"], unique=False
        )


def downgrade() -> None:
    """Undo this revision."""
    # Dropped in place (SQLite 3.35+): a batch rebuild of these tables would, with foreign
    # keys on, take their children with them through ON DELETE CASCADE.
    op.drop_table("respondent_links")
    op.drop_column("answers", "unverified")
    op.drop_column("answers", "confidence")
    op.drop_column("respondents", "finished_at")
    op.drop_column("respondents", "anonymous")
    op.drop_column("assessments", "profile")
    op.drop_column("organisations", "profile")
