"""Initial schema: listings, crawl_runs, rejects, listing_changes.

Revision ID: 0001
Revises:
Create Date: 2026-11-26

Static on purpose: types are spelled out here, not imported from store.models, so this file keeps
meaning what it meant when later migrations change the models.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "crawl_runs",
        sa.Column("id", ID, nullable=False),
        sa.Column("spider", sa.String(length=64), nullable=False),
        sa.Column("arguments", JSON, nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("finish_reason", sa.Text(), nullable=True),
        sa.Column("items_scraped", sa.Integer(), nullable=False),
        sa.Column("items_new", sa.Integer(), nullable=False),
        sa.Column("items_updated", sa.Integer(), nullable=False),
        sa.Column("items_unchanged", sa.Integer(), nullable=False),
        sa.Column("items_rejected", sa.Integer(), nullable=False),
        sa.Column("items_expired", sa.Integer(), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("boards", JSON, nullable=False),
        sa.Column("stats", JSON, nullable=False),
        sa.Column("hostname", sa.String(length=255), nullable=True),
        sa.Column("pid", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crawl_runs")),
    )
    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_crawl_runs_spider"), ["spider"], unique=False)
        batch_op.create_index(batch_op.f("ix_crawl_runs_status"), ["status"], unique=False)

    op.create_table(
        "listings",
        sa.Column("id", ID, nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("source_id", sa.String(length=255), nullable=False),
        sa.Column("board", sa.String(length=255), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("apply_url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("company", sa.Text(), nullable=True),
        sa.Column("location_raw", sa.Text(), nullable=True),
        sa.Column("location_text", sa.Text(), nullable=True),
        sa.Column("description_html", sa.Text(), nullable=True),
        sa.Column("description_text", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("posted_raw", sa.Text(), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("employment_type_raw", sa.Text(), nullable=True),
        sa.Column("pay_raw", sa.Text(), nullable=True),
        sa.Column("hints", JSON, nullable=False),
        sa.Column("attribution", sa.Text(), nullable=True),
        sa.Column("raw", JSON, nullable=False),
        sa.Column("remote", sa.String(length=16), nullable=True),
        sa.Column("pay_status", sa.String(length=16), nullable=True),
        sa.Column("pay_min", sa.Float(), nullable=True),
        sa.Column("pay_max", sa.Float(), nullable=True),
        sa.Column("pay_currency", sa.String(length=3), nullable=True),
        sa.Column("pay_period", sa.String(length=16), nullable=True),
        sa.Column("hours_per_week_min", sa.Float(), nullable=True),
        sa.Column("hours_per_week_max", sa.Float(), nullable=True),
        sa.Column("total_hours_min", sa.Float(), nullable=True),
        sa.Column("total_hours_max", sa.Float(), nullable=True),
        sa.Column("duration_days_min", sa.Integer(), nullable=True),
        sa.Column("duration_days_max", sa.Integer(), nullable=True),
        sa.Column("duration_class", sa.String(length=16), nullable=True),
        sa.Column("is_short_term", sa.Boolean(), nullable=True),
        sa.Column("employment_types", JSON, nullable=False),
        sa.Column("valid_through", sa.Date(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("duration_raw", sa.Text(), nullable=True),
        sa.Column("hours_raw", sa.Text(), nullable=True),
        sa.Column("normalizer_version", sa.String(length=32), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("canonical_id", sa.String(length=64), nullable=True),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_seen_run_id", ID, nullable=True),
        sa.ForeignKeyConstraint(
            ["last_seen_run_id"],
            ["crawl_runs.id"],
            name=op.f("fk_listings_last_seen_run_id_crawl_runs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listings")),
        sa.UniqueConstraint("source", "source_id", name=op.f("uq_listings_source_source_id")),
    )
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_listings_canonical_id"), ["canonical_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_listings_last_seen_at"), ["last_seen_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_listings_posted_at"), ["posted_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_listings_source_board"), ["source", "board"], unique=False
        )

    op.create_table(
        "rejects",
        sa.Column("id", ID, nullable=False),
        sa.Column("crawl_run_id", ID, nullable=True),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("board", sa.String(length=255), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("payload", JSON, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["crawl_run_id"],
            ["crawl_runs.id"],
            name=op.f("fk_rejects_crawl_run_id_crawl_runs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rejects")),
    )
    with op.batch_alter_table("rejects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rejects_crawl_run_id"), ["crawl_run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rejects_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_rejects_source"), ["source"], unique=False)

    op.create_table(
        "listing_changes",
        sa.Column("id", ID, nullable=False),
        sa.Column("listing_id", ID, nullable=False),
        sa.Column("crawl_run_id", ID, nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("changes", JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["crawl_run_id"],
            ["crawl_runs.id"],
            name=op.f("fk_listing_changes_crawl_run_id_crawl_runs"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["listing_id"],
            ["listings.id"],
            name=op.f("fk_listing_changes_listing_id_listings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_changes")),
    )
    with op.batch_alter_table("listing_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_listing_changes_changed_at"), ["changed_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_listing_changes_listing_id"), ["listing_id"], unique=False
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("listing_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_listing_changes_listing_id"))
        batch_op.drop_index(batch_op.f("ix_listing_changes_changed_at"))

    op.drop_table("listing_changes")
    with op.batch_alter_table("rejects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rejects_source"))
        batch_op.drop_index(batch_op.f("ix_rejects_created_at"))
        batch_op.drop_index(batch_op.f("ix_rejects_crawl_run_id"))

    op.drop_table("rejects")
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_listings_source_board"))
        batch_op.drop_index(batch_op.f("ix_listings_posted_at"))
        batch_op.drop_index(batch_op.f("ix_listings_last_seen_at"))
        batch_op.drop_index(batch_op.f("ix_listings_canonical_id"))

    op.drop_table("listings")
    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_crawl_runs_status"))
        batch_op.drop_index(batch_op.f("ix_crawl_runs_spider"))

    op.drop_table("crawl_runs")
