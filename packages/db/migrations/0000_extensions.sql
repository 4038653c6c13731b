-- ltree keys the tenant tree; drizzle-kit does not emit extensions.
CREATE EXTENSION IF NOT EXISTS ltree;
--> statement-breakpoint
-- The role the API and worker connect as. It owns nothing and has neither SUPERUSER nor
-- BYPASSRLS, so every row it touches passes through the policies below. Deployments give it
-- LOGIN and a password; the migration only makes sure it exists.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'renda_app') THEN
    CREATE ROLE renda_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO renda_app;
