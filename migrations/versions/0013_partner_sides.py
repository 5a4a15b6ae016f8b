"""partner sides: which side of the trust injury each partner is on (optional)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 01:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("side", sa.String(length=20), nullable=False, server_default="")
        )
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.alter_column("side", server_default=None)


def downgrade():
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_column("side")
