"""Pure functions that turn what a source said into DESIGN §3 values.

Imports neither Scrapy nor SQLAlchemy: spiders, pipelines, the CLI and re-normalisation of stored
rows all call the same functions.
"""

NORMALIZER_VERSION = "0"
