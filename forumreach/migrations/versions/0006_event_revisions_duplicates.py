"""event revisions and likely duplicates: an event reviewed again is saved as a new revision;
a participant row may repeat an earlier one (`duplicate_of`)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no foreign key, a constant default): SQLite needs no table rebuild.
    op.add_column("events", sa.Column("revision", sa.Integer(), nullable=False,
                                      server_default=sa.text("1")))
    op.add_column("participants", sa.Column("duplicate_of", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("duplicate_of")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("revision")
