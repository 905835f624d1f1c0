-- A read-only role for downstream apps (PostgreSQL). Run as the database owner, once per
-- database, after `opportunities db upgrade`; safe to run again.
--
--   psql "$DATABASE_URL" -f store/sql/readonly_role.sql
--   psql "$DATABASE_URL" -c "CREATE ROLE my_app LOGIN PASSWORD '…' IN ROLE opportunities_reader"
--
-- The role can read every table and view, now and after future migrations, and write nothing.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'opportunities_reader') THEN
        CREATE ROLE opportunities_reader NOLOGIN;
    END IF;
END
$$;

DO $$
BEGIN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO opportunities_reader', current_database());
END
$$;
GRANT USAGE ON SCHEMA public TO opportunities_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO opportunities_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO opportunities_reader;
