"""pdf jobs: packets, records and answers made off the request path (thread backend)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 00:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "pdf_jobs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("args", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.String(length=300), nullable=False),
        sa.Column("result", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_pdf_jobs_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pdf_jobs")),
    )
    with op.batch_alter_table("pdf_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pdf_jobs_created_at"), ["created_at"], unique=False)


def downgrade():
    with op.batch_alter_table("pdf_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pdf_jobs_created_at"))
    op.drop_table("pdf_jobs")
