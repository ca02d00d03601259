"""Hub initial schema: stations, mutations, dead letters, units, reference, change log, blobs.

Revision ID: h0001
Revises:
Create Date: 2026-11-22 07:35:39.280693
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "h0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hub_api_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_table(
        "hub_blob_chunks",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("offset", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", "offset"),
    )
    op.create_table(
        "hub_blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("received", sa.BigInteger(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("station", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_table(
        "hub_changes",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("op", sa.String(length=10), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
    )
    with op.batch_alter_table("hub_changes", schema=None) as batch_op:
        batch_op.create_index("ix_hub_changes_at", ["at"], unique=False)

    op.create_table(
        "hub_counters",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "hub_dead_letters",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("station", sa.String(length=40), nullable=False),
        sa.Column("mutation_id", sa.BigInteger(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("hub_dead_letters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hub_dead_letters_station"), ["station"], unique=False)
        batch_op.create_index(batch_op.f("ix_hub_dead_letters_uuid"), ["uuid"], unique=False)

    op.create_table(
        "hub_enrollment_codes",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("station", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("code_hash"),
    )
    with op.batch_alter_table("hub_enrollment_codes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hub_enrollment_codes_station"), ["station"], unique=False
        )

    op.create_table(
        "hub_mutations",
        sa.Column("station", sa.String(length=40), nullable=False),
        sa.Column("mutation_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("review_flag", sa.Text(), nullable=False),
        sa.Column("station_created_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("station", "mutation_id"),
        sa.UniqueConstraint("uuid"),
    )
    op.create_table(
        "hub_reference",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("assigned_bench", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kind", "key"),
        sa.UniqueConstraint("seq"),
    )
    with op.batch_alter_table("hub_reference", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hub_reference_assigned_bench"), ["assigned_bench"], unique=False
        )

    op.create_table(
        "hub_stations",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("last_mutation_id", sa.BigInteger(), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_table(
        "hub_units",
        sa.Column("lpn", sa.String(length=20), nullable=False),
        sa.Column("station", sa.String(length=40), nullable=False),
        sa.Column("mutation_uuid", sa.String(length=36), nullable=False),
        sa.Column("versions", sa.Integer(), nullable=False),
        sa.Column("feed_seq", sa.BigInteger(), nullable=False),
        sa.Column("rma", sa.String(length=40), nullable=True),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("grade", sa.String(length=1), nullable=True),
        sa.Column("disposition", sa.String(length=30), nullable=True),
        sa.Column("suggested_disposition", sa.String(length=30), nullable=True),
        sa.Column("automatic", sa.Boolean(), nullable=False),
        sa.Column("overridden", sa.Boolean(), nullable=False),
        sa.Column("hold_state", sa.String(length=10), nullable=False),
        sa.Column("refund_kind", sa.String(length=30), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_s", sa.Float(), nullable=True),
        sa.Column("review_flag", sa.Text(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("hub_received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("lpn"),
        sa.UniqueConstraint("feed_seq"),
    )
    with op.batch_alter_table("hub_units", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hub_units_rma"), ["rma"], unique=False)
        batch_op.create_index(batch_op.f("ix_hub_units_station"), ["station"], unique=False)

    counters = sa.table(
        "hub_counters", sa.column("name", sa.String), sa.column("value", sa.BigInteger)
    )
    # The rows exist from the start so that SELECT ... FOR UPDATE always has a row to lock.
    op.bulk_insert(
        counters, [{"name": n, "value": 0} for n in ("change_seq", "unit_feed", "change_floor")]
    )
    # ### end Alembic commands ###


def downgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table("hub_units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hub_units_station"))
        batch_op.drop_index(batch_op.f("ix_hub_units_rma"))

    op.drop_table("hub_units")
    op.drop_table("hub_stations")
    with op.batch_alter_table("hub_reference", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hub_reference_assigned_bench"))

    op.drop_table("hub_reference")
    op.drop_table("hub_mutations")
    with op.batch_alter_table("hub_enrollment_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hub_enrollment_codes_station"))

    op.drop_table("hub_enrollment_codes")
    with op.batch_alter_table("hub_dead_letters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hub_dead_letters_uuid"))
        batch_op.drop_index(batch_op.f("ix_hub_dead_letters_station"))

    op.drop_table("hub_dead_letters")
    op.drop_table("hub_counters")
    with op.batch_alter_table("hub_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_hub_changes_at")

    op.drop_table("hub_changes")
    op.drop_table("hub_blobs")
    op.drop_table("hub_blob_chunks")
    op.drop_table("hub_api_tokens")
    # ### end Alembic commands ###
