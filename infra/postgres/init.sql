-- Roles and database for Renda.
--
-- The official postgres image runs this file once, as its superuser, when the data directory is
-- first created (/docker-entrypoint-initdb.d). On a managed or hand-built server, run it once as an
-- administrator with the two password variables exported:
--   RENDA_OWNER_PASSWORD=… RENDA_APP_PASSWORD=… psql -U postgres -d postgres -f infra/postgres/init.sql
-- It is safe to run twice: every statement checks before it creates.
--
-- Two roles, because the database enforces tenant isolation only against a role that is subject
-- to row-level security:
--   renda_owner  owns the database, the schemas and every table; runs migrations, pg-boss
--                installs and the provisioning CLI. Its credentials live only in the migration job.
--   renda_app    what the API and the worker connect as: LOGIN, NOSUPERUSER, NOBYPASSRLS, owns
--                nothing. Table owners skip RLS unless FORCE is set, and superusers and BYPASSRLS
--                roles always skip it, so the app must be none of those. The app checks this at
--                boot and refuses to start otherwise.

\set ON_ERROR_STOP on

-- psql (15+) reads the passwords from the environment so that no secret is written in this file.
\getenv owner_password RENDA_OWNER_PASSWORD
\getenv app_password RENDA_APP_PASSWORD
\if :{?owner_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'RENDA_OWNER_PASSWORD is not set'; END $$;
\endif
\if :{?app_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'RENDA_APP_PASSWORD is not set'; END $$;
\endif

-- renda_owner gets BYPASSRLS on purpose: tenant tables use FORCE ROW LEVEL SECURITY, which binds
-- the owner too. Without it a data migration (a backfill, a column split) would run with no tenant
-- context and silently see zero rows, and the migrations' SECURITY DEFINER functions (login lookup,
-- purge of expired sessions), which run as this role precisely to look past the caller's scope,
-- would see nothing. Only the migration job and operators hold this role's password.
SELECT format(
  'CREATE ROLE renda_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION BYPASSRLS PASSWORD %L',
  :'owner_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'renda_owner') \gexec

-- NOINHERIT: even if someone later grants renda_app membership in another role, it does not
-- silently pick up that role's privileges (or its ownership of tables, which would bypass RLS).
SELECT format(
  'CREATE ROLE renda_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT PASSWORD %L',
  :'app_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'renda_app') \gexec

SELECT 'CREATE DATABASE renda OWNER renda_owner ENCODING ''UTF8'' TEMPLATE template0'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'renda') \gexec

-- Nobody but the two roles may connect; PUBLIC gets CONNECT by default.
REVOKE ALL ON DATABASE renda FROM PUBLIC;
GRANT CONNECT ON DATABASE renda TO renda_app;

-- Per-role limits. The app serves short OLTP requests: a statement past 30 s is a bug or an
-- attack, and a transaction left idle holds its snapshot (and blocks vacuum) for nothing.
-- Migrations must not queue behind traffic while holding an ACCESS EXCLUSIVE lock request, which
-- would stall every query on that table: lock_timeout makes them fail fast and be retried.
ALTER ROLE renda_app IN DATABASE renda SET statement_timeout = '30s';
ALTER ROLE renda_app IN DATABASE renda SET idle_in_transaction_session_timeout = '30s';
ALTER ROLE renda_app IN DATABASE renda SET search_path = public;
ALTER ROLE renda_owner IN DATABASE renda SET lock_timeout = '5s';
ALTER ROLE renda_owner IN DATABASE renda SET statement_timeout = 0;

\connect renda

-- Extensions need a superuser (pg_stat_statements) or are easiest installed by one. Migrations
-- must use CREATE EXTENSION IF NOT EXISTS so they are a no-op here and still work on PGlite.
CREATE EXTENSION IF NOT EXISTS ltree;
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;

-- Since PostgreSQL 15 the public schema belongs to pg_database_owner and PUBLIC cannot create in
-- it; say so explicitly so the same file is correct on servers upgraded from older versions.
ALTER SCHEMA public OWNER TO renda_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO renda_app;

-- pg-boss keeps the durable job queue in its own schema. The migration job installs and upgrades
-- it as renda_owner; the API and worker start pg-boss with migrate: false, so renda_app never
-- needs CREATE anywhere.
CREATE SCHEMA IF NOT EXISTS pgboss AUTHORIZATION renda_owner;
GRANT USAGE ON SCHEMA pgboss TO renda_app;

-- Table privileges in `public` are NOT granted by default: the migrations grant each table
-- exactly what the app needs (the audit log is SELECT, INSERT only; tenants and users have no
-- DELETE). A default grant of full DML here would silently widen those. pg-boss's tables hold no
-- tenant data and the app needs full DML on all of them, so that schema gets default grants.
ALTER DEFAULT PRIVILEGES FOR ROLE renda_owner IN SCHEMA pgboss
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO renda_app;
ALTER DEFAULT PRIVILEGES FOR ROLE renda_owner IN SCHEMA pgboss
  GRANT USAGE, SELECT ON SEQUENCES TO renda_app;
ALTER DEFAULT PRIVILEGES FOR ROLE renda_owner IN SCHEMA pgboss
  GRANT EXECUTE ON FUNCTIONS TO renda_app;
