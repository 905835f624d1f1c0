"""Pure functions that turn what a source said into DESIGN §3 values.

Imports neither Scrapy nor SQLAlchemy: spiders, pipelines, the CLI and re-normalisation of stored
rows all call the same functions. The entry point is `classify(ListingText(...), hints)`;
docs/NORMALIZATION.md describes the rules.
"""

from normalize.classify import Classification, ListingText, classify, listing_text

NORMALIZER_VERSION = "3"

__all__ = ["NORMALIZER_VERSION", "Classification", "ListingText", "classify", "listing_text"]
