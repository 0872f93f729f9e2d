"""initial schema: events, participants, aliases, audit

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ANYWHERE = sa.text("rayon_soate IS NULL")


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("vintage", sa.String(length=16), nullable=False),
        sa.Column("source_filename", sa.String(length=500), nullable=True),
        sa.Column("source_sha256", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("slug", name=op.f("uq_events_slug")),
    )
    op.create_table(
        "participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("position", sa.Text(), nullable=True),
        sa.Column("organisation", sa.Text(), nullable=True),
        sa.Column("rayon_text", sa.Text(), nullable=True),
        sa.Column("oblast_text", sa.Text(), nullable=True),
        sa.Column("gender", sa.Text(), nullable=True),
        sa.Column("phone", sa.Text(), nullable=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("unit_soate", sa.String(length=14), nullable=True),
        sa.Column("rayon_soate", sa.String(length=14), nullable=True),
        sa.Column("oblast_soate", sa.String(length=14), nullable=True),
        sa.Column("match_status", sa.String(length=32), nullable=True),
        sa.Column("match_score", sa.Float(), nullable=True),
        sa.Column("match_reason", sa.Text(), nullable=True),
        sa.Column("role", sa.String(length=32), nullable=True),
        sa.Column("is_head", sa.Boolean(), nullable=True),
        sa.Column("is_lsg", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_participants_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participants")),
    )
    op.create_index(
        op.f("ix_participants_event_id_source_row"),
        "participants",
        ["event_id", "source_row"],
        unique=False,
    )
    op.create_table(
        "aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vintage", sa.String(length=16), nullable=False),
        sa.Column("alias_norm", sa.String(length=500), nullable=False),
        sa.Column("rayon_soate", sa.String(length=14), nullable=True),
        sa.Column("unit_soate", sa.String(length=14), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aliases")),
        sa.UniqueConstraint(
            "vintage",
            "alias_norm",
            "rayon_soate",
            name=op.f("uq_aliases_vintage_alias_norm_rayon_soate"),
        ),
    )
    # NULLs are distinct in a unique constraint: "anywhere" aliases need a partial index.
    op.create_index(
        "uq_aliases_vintage_alias_norm_anywhere",
        "aliases",
        ["vintage", "alias_norm"],
        unique=True,
        sqlite_where=_ANYWHERE,
        postgresql_where=_ANYWHERE,
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=500), nullable=True),
        sa.Column("before_json", sa.Text(), nullable=True),
        sa.Column("after_json", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit")),
    )


def downgrade() -> None:
    op.drop_table("audit")
    op.drop_index("uq_aliases_vintage_alias_norm_anywhere", table_name="aliases")
    op.drop_table("aliases")
    op.drop_index(op.f("ix_participants_event_id_source_row"), table_name="participants")
    op.drop_table("participants")
    op.drop_table("events")
