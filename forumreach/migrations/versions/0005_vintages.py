"""vintages: classifiers a user loaded, with their units and villages

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNIT_COLUMNS = ("soate", "pcode", "level", "parent_soate", "oblast_soate", "rayon_soate",
                "is_lsg", "name_ru", "base_ru", "base_ky", "base_en", "name_ky", "name_en",
                "names_from")
VILLAGE_COLUMNS = ("soate", "level", "name_ru", "name_ky", "unit_soate", "rayon_soate",
                   "oblast_soate")


def _column(name: str) -> sa.Column:
    if name == "is_lsg":
        return sa.Column(name, sa.Boolean(), nullable=True)
    if name.endswith("soate"):
        return sa.Column(name, sa.String(length=14), nullable=True)
    return sa.Column(name, sa.Text(), nullable=True)


def _rows_table(name: str, columns: tuple[str, ...]) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vintage_id", sa.Integer(), nullable=False),
        *(_column(c) for c in columns),
        sa.ForeignKeyConstraint(["vintage_id"], ["vintages.id"], ondelete="CASCADE",
                                name=op.f(f"fk_{name}_vintage_id_vintages")),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint("vintage_id", "soate", name=op.f(f"uq_{name}_vintage_id_soate")),
    )


def upgrade() -> None:
    op.create_table(
        "vintages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=16), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("meta_json", sa.Text(), nullable=False),
        sa.Column("source_filename", sa.String(length=500), nullable=True),
        sa.Column("source_sha256", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vintages")),
        sa.UniqueConstraint("name", name=op.f("uq_vintages_name")),
    )
    _rows_table("vintage_units", UNIT_COLUMNS)
    _rows_table("vintage_villages", VILLAGE_COLUMNS)


def downgrade() -> None:
    op.drop_table("vintage_villages")
    op.drop_table("vintage_units")
    op.drop_table("vintages")
