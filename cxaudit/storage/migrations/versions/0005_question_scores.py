"""Question snapshots: each completed assessment's score and level on every question.

A benchmark reads each peer's level on each question from here instead of from every answer.
Assessments completed before have no question snapshot: they are scored from their answers by
the domain when read, until a change to them (or completing them again) writes one.

Revision ID: 0005_question_scores
Revises: 0004_links_evidence_profile
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_question_scores"
down_revision: str | Sequence[str] | None = "0004_links_evidence_profile"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "question_scores",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=100), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("given", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_question_scores_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assessment_id", "question_id", name=op.f("pk_question_scores")),
    )


def downgrade() -> None:
    """Undo this revision."""
    op.drop_table("question_scores")
