"""The only package that touches the database: models, migrations, upserts, crawl runs."""
