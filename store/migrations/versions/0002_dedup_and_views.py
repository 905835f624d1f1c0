"""Deduplication columns and LSH bands, filter indexes, the `opportunities` and
`short_term_opportunities` views.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

SQLite refuses to rename a table while a view names a table that does not exist, which is what a
batch migration of `listings` does: later migrations that alter `listings` drop the views first and
create them again at the end.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

# The representative's fields: everything a reader needs to show and filter an opportunity.
_FIELDS = """
    l.source, l.url, l.apply_url, l.title, l.company, l.location_text, l.description_html,
    l.description_text, l.remote, l.pay_status, l.pay_min, l.pay_max, l.pay_currency,
    l.pay_period, l.hours_per_week_min, l.hours_per_week_max, l.total_hours_min,
    l.total_hours_max, l.duration_days_min, l.duration_days_max, l.duration_class,
    l.is_short_term, l.employment_types, l.posted_at, l.valid_through, l.start_date,
    l.first_seen_at, l.last_seen_at"""
_SOURCES = {
    "postgresql": "string_agg(DISTINCT m.source, ',' ORDER BY m.source)",
    "sqlite": "group_concat(DISTINCT m.source)",
}
OPPORTUNITIES = """
CREATE VIEW opportunities AS
SELECT
    COALESCE(l.canonical_id, CAST(l.id AS TEXT)) AS canonical_id,
    l.id AS listing_id,{fields},
    CASE WHEN l.canonical_id IS NULL THEN l.source ELSE (
        SELECT {sources} FROM listings m
        WHERE m.canonical_id = l.canonical_id AND m.expired_at IS NULL
    ) END AS sources,
    CASE WHEN l.canonical_id IS NULL THEN 1 ELSE (
        SELECT count(*) FROM listings m
        WHERE m.canonical_id = l.canonical_id AND m.expired_at IS NULL
    ) END AS member_count
FROM listings l
WHERE l.expired_at IS NULL AND (l.canonical_id IS NULL OR l.is_representative)
"""
SHORT_TERM = (
    "CREATE VIEW short_term_opportunities AS SELECT * FROM opportunities WHERE is_short_term"
)


def create_views() -> None:
    dialect = op.get_bind().dialect.name
    op.execute(OPPORTUNITIES.format(fields=_FIELDS, sources=_SOURCES[dialect]))
    op.execute(SHORT_TERM)


def drop_views() -> None:
    op.execute("DROP VIEW IF EXISTS short_term_opportunities")
    op.execute("DROP VIEW IF EXISTS opportunities")


def upgrade() -> None:
    op.create_table(
        "listing_bands",
        sa.Column("listing_id", ID, nullable=False),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("hash", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["listing_id"], ["listings.id"],
            name=op.f("fk_listing_bands_listing_id_listings"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("listing_id", "band", name=op.f("pk_listing_bands")),
    )  # fmt: skip
    with op.batch_alter_table("listing_bands", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_listing_bands_band_hash"), ["band", "hash"])

    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("url_key", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("apply_url_key", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("identity_key", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("minhash", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("shingle_count", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("canonical_reason", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("is_representative", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("clustered_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_listings_url_key"), ["url_key"])
        batch_op.create_index(batch_op.f("ix_listings_apply_url_key"), ["apply_url_key"])
        batch_op.create_index(batch_op.f("ix_listings_identity_key"), ["identity_key"])
        batch_op.create_index(batch_op.f("ix_listings_remote"), ["remote"])
        batch_op.create_index(batch_op.f("ix_listings_duration_class"), ["duration_class"])
        batch_op.create_index(
            batch_op.f("ix_listings_pay_period_pay_min"), ["pay_period", "pay_min"]
        )
        batch_op.create_index(batch_op.f("ix_listings_is_short_term"), ["is_short_term"])
        batch_op.create_index(batch_op.f("ix_listings_expired_at"), ["expired_at"])
        batch_op.create_index(
            batch_op.f("ix_listings_employment_types"), ["employment_types"],
            postgresql_using="gin",
        )  # fmt: skip
    create_views()


def downgrade() -> None:
    drop_views()
    with op.batch_alter_table("listings", schema=None) as batch_op:
        for index in (
            "ix_listings_employment_types", "ix_listings_expired_at", "ix_listings_is_short_term",
            "ix_listings_pay_period_pay_min", "ix_listings_duration_class", "ix_listings_remote",
            "ix_listings_identity_key", "ix_listings_apply_url_key", "ix_listings_url_key",
        ):  # fmt: skip
            batch_op.drop_index(batch_op.f(index))
        for column in (
            "clustered_at", "is_representative", "canonical_reason", "shingle_count", "minhash",
            "identity_key", "apply_url_key", "url_key",
        ):  # fmt: skip
            batch_op.drop_column(column)
    op.drop_table("listing_bands")
