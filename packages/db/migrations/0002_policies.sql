-- Integrity and row-level security that drizzle-kit does not emit.
--
-- Request context: every request runs in one transaction that sets, with set_config(..., true),
--   app.tenant_id   the active membership's tenant (writes land here)
--   app.scope_path  that tenant's path (reads roll up over this subtree)
--   app.user_id     the person acting
--   app.platform    'on' when the active membership holds platform_admin
--   app.session_id  the session id being validated (sessions only)
--   app.principal   the owner of an Idempotency-Key
-- A pooled connection reads a setting that an earlier transaction set back as '', and '' is the
-- root of every ltree, so each reader turns '' into NULL: no context means no rows.

CREATE FUNCTION app_scope() RETURNS ltree LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.scope_path', true), '')::ltree $$;
--> statement-breakpoint
CREATE FUNCTION app_tenant() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE FUNCTION app_user() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE FUNCTION app_platform() RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(current_setting('app.platform', true), '') = 'on' $$;
--> statement-breakpoint

-- Keys and checks ------------------------------------------------------------------------------
ALTER TABLE tenants ADD CONSTRAINT tenants_parent_fk FOREIGN KEY (parent_id) REFERENCES tenants(id);
--> statement-breakpoint
ALTER TABLE tenants ADD CONSTRAINT tenants_level_check CHECK (level IN ('province', 'city', 'county', 'township'));
--> statement-breakpoint
ALTER TABLE tenants ADD CONSTRAINT tenants_status_check CHECK (status IN ('active', 'retired'));
--> statement-breakpoint
CREATE INDEX tenants_path_gist ON tenants USING gist (path);
--> statement-breakpoint
ALTER TABLE memberships ADD CONSTRAINT memberships_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id);
--> statement-breakpoint
ALTER TABLE memberships ADD CONSTRAINT memberships_user_fk FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE memberships ADD CONSTRAINT memberships_roles_check CHECK (
  cardinality(roles) > 0 AND roles <@ ARRAY['platform_admin','tenant_admin','staff','committee_member','deputy','unit_officer','station_admin']::text[]);
--> statement-breakpoint
ALTER TABLE memberships ADD CONSTRAINT memberships_status_check CHECK (status IN ('active', 'suspended'));
--> statement-breakpoint
ALTER TABLE user_private ADD CONSTRAINT user_private_user_fk FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE sessions ADD CONSTRAINT sessions_user_fk FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE units ADD CONSTRAINT units_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id);
--> statement-breakpoint
ALTER TABLE units ADD CONSTRAINT units_tenant_id_key UNIQUE (tenant_id, id);
--> statement-breakpoint
-- The join to units includes tenant_id, so a distributed database can co-locate both tables.
ALTER TABLE unit_officers ADD CONSTRAINT unit_officers_unit_fk FOREIGN KEY (tenant_id, unit_id) REFERENCES units(tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE unit_officers ADD CONSTRAINT unit_officers_user_fk FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE tenant_modules ADD CONSTRAINT tenant_modules_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id);
--> statement-breakpoint
ALTER TABLE tenant_modules ADD CONSTRAINT tenant_modules_state_check CHECK (state IS NULL OR state IN ('on', 'off'));
--> statement-breakpoint
ALTER TABLE audit_log ADD CONSTRAINT audit_log_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id);
--> statement-breakpoint

-- tenant_path is derived, never trusted from the caller -------------------------------------------
CREATE FUNCTION fill_tenant_path() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT path INTO NEW.tenant_path FROM tenants WHERE id = NEW.tenant_id;
  IF NEW.tenant_path IS NULL THEN
    RAISE EXCEPTION 'unknown tenant %', NEW.tenant_id USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint

-- Policies for tenant-owned tables -------------------------------------------------------------
-- read:  own subtree (roll-up), and with broadcast_down also rows of ancestors;
-- write: own tenant only, or anywhere in the subtree for the provincial team (app.platform).
-- The settings are read in sub-selects so they are evaluated once per statement (an InitPlan)
-- and the GiST index on tenant_path can serve `<@`.
CREATE FUNCTION apply_tenant_policies(tbl regclass, broadcast_down boolean) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  readable text := 'tenant_path <@ (SELECT app_scope())';
  writable text := '(tenant_id = (SELECT app_tenant()) OR ((SELECT app_platform()) AND tenant_path <@ (SELECT app_scope())))';
BEGIN
  IF broadcast_down THEN
    readable := readable || ' OR tenant_path @> (SELECT app_scope())';
  END IF;
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('CREATE POLICY tenant_read ON %s FOR SELECT TO renda_app USING (%s)', tbl, readable);
  EXECUTE format('CREATE POLICY tenant_insert ON %s FOR INSERT TO renda_app WITH CHECK (%s)', tbl, writable);
  EXECUTE format('CREATE POLICY tenant_update ON %s FOR UPDATE TO renda_app USING (%s) WITH CHECK (%s)', tbl, writable, writable);
  EXECUTE format('CREATE POLICY tenant_delete ON %s FOR DELETE TO renda_app USING (%s)', tbl, writable);
  EXECUTE format('CREATE TRIGGER fill_tenant_path BEFORE INSERT OR UPDATE OF tenant_id ON %s FOR EACH ROW EXECUTE FUNCTION fill_tenant_path()', tbl);
END
$$;
--> statement-breakpoint
SELECT apply_tenant_policies('memberships', false);
--> statement-breakpoint
SELECT apply_tenant_policies('units', false);
--> statement-breakpoint
SELECT apply_tenant_policies('unit_officers', false);
--> statement-breakpoint
SELECT apply_tenant_policies('tenant_modules', true);
--> statement-breakpoint
SELECT apply_tenant_policies('audit_log', false);
--> statement-breakpoint
-- A person sees all of their own memberships, whatever tier is active, to switch between them.
CREATE POLICY own_memberships ON memberships FOR SELECT TO renda_app USING (user_id = (SELECT app_user()));
--> statement-breakpoint
-- Only the provincial team may lock a module for a subtree.
CREATE POLICY lock_only_by_platform ON tenant_modules AS RESTRICTIVE FOR ALL TO renda_app
  USING (true) WITH CHECK (NOT locked OR (SELECT app_platform()));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON memberships, units, unit_officers, tenant_modules TO renda_app;
--> statement-breakpoint
-- The audit log is append-only for the app: no UPDATE or DELETE grant, and no policy for them.
DROP POLICY tenant_update ON audit_log;
--> statement-breakpoint
DROP POLICY tenant_delete ON audit_log;
--> statement-breakpoint
GRANT SELECT, INSERT ON audit_log TO renda_app;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE audit_log_id_seq TO renda_app;
--> statement-breakpoint

-- Tenants: names and codes of congresses are public; only the provincial team changes the tree.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenants_read ON tenants FOR SELECT TO renda_app USING (true);
--> statement-breakpoint
CREATE POLICY tenants_insert ON tenants FOR INSERT TO renda_app
  WITH CHECK ((SELECT app_platform()) AND path <@ (SELECT app_scope()) AND path <> (SELECT app_scope()));
--> statement-breakpoint
-- An admin of a tenant may change its own settings (require_totp); the team may change its subtree.
CREATE POLICY tenants_update ON tenants FOR UPDATE TO renda_app
  USING (id = (SELECT app_tenant()) OR ((SELECT app_platform()) AND path <@ (SELECT app_scope())))
  WITH CHECK (id = (SELECT app_tenant()) OR ((SELECT app_platform()) AND path <@ (SELECT app_scope())));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON tenants TO renda_app;
--> statement-breakpoint

-- Users: visible to themselves and to readers of any tenant they are a member of.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE users FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY users_read ON users FOR SELECT TO renda_app
  USING (id = (SELECT app_user()) OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id));
--> statement-breakpoint
-- Accounts are created by admins acting in a tenant (imports); memberships then bind them.
CREATE POLICY users_insert ON users FOR INSERT TO renda_app WITH CHECK ((SELECT app_tenant()) IS NOT NULL);
--> statement-breakpoint
CREATE POLICY users_update ON users FOR UPDATE TO renda_app
  USING (id = (SELECT app_user()) OR EXISTS (
    SELECT 1 FROM memberships m WHERE m.user_id = users.id
      AND (m.tenant_id = (SELECT app_tenant()) OR ((SELECT app_platform()) AND m.tenant_path <@ (SELECT app_scope())))));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON users TO renda_app;
--> statement-breakpoint

-- Personal fields: the person, and the owning tenant of one of their memberships. No roll-up.
ALTER TABLE user_private ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE user_private FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY user_private_read ON user_private FOR SELECT TO renda_app
  USING (user_id = (SELECT app_user()) OR EXISTS (
    SELECT 1 FROM memberships m WHERE m.user_id = user_private.user_id AND m.tenant_id = (SELECT app_tenant())));
--> statement-breakpoint
CREATE POLICY user_private_insert ON user_private FOR INSERT TO renda_app WITH CHECK ((SELECT app_tenant()) IS NOT NULL);
--> statement-breakpoint
CREATE POLICY user_private_update ON user_private FOR UPDATE TO renda_app
  USING (user_id = (SELECT app_user()) OR EXISTS (
    SELECT 1 FROM memberships m WHERE m.user_id = user_private.user_id AND m.tenant_id = (SELECT app_tenant())));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON user_private TO renda_app;
--> statement-breakpoint

-- Sessions: a request sees only the session whose id it presents, or the person's own.
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY sessions_own ON sessions FOR ALL TO renda_app
  USING (id = nullif(current_setting('app.session_id', true), '') OR user_id = (SELECT app_user()))
  WITH CHECK (user_id = (SELECT app_user()));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON sessions TO renda_app;
--> statement-breakpoint

-- Idempotency keys belong to their principal (a user, or a public client).
ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY idempotency_own ON idempotency_keys FOR ALL TO renda_app
  USING (principal = nullif(current_setting('app.principal', true), ''))
  WITH CHECK (principal = nullif(current_setting('app.principal', true), ''));
--> statement-breakpoint
GRANT SELECT, INSERT ON idempotency_keys TO renda_app;
--> statement-breakpoint

-- Functions that must look past the caller's scope, each narrow and owned by the migration role.
-- Login happens before any context exists: find the account by username or phone.
CREATE FUNCTION auth_find_login(login text)
  RETURNS TABLE (user_id uuid, password_hash text, status text, totp_enabled boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT u.id, u.password_hash, u.status, u.totp_enabled_at IS NOT NULL
  FROM users u LEFT JOIN user_private p ON p.user_id = u.id
  WHERE lower(u.username) = lower(login) OR p.phone = login
  LIMIT 1
$$;
--> statement-breakpoint
-- Upper tiers see a masked phone of people in their subtree, never the raw value.
CREATE FUNCTION masked_phone(uid uuid) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT CASE WHEN length(p.phone) >= 7
              THEN left(p.phone, 3) || repeat('*', length(p.phone) - 7) || right(p.phone, 4)
              ELSE '****' END
  FROM user_private p
  WHERE p.user_id = uid
    AND (uid = app_user() OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = uid AND m.tenant_path <@ app_scope()))
$$;
--> statement-breakpoint
-- Matches an import row to an existing person without turning into a lookup service: the id of
-- the account that owns the username comes back only when the row's phone is that person's phone
-- or the person already sits in the caller's subtree; otherwise only "taken" flags come back.
CREATE FUNCTION account_match(p_username text, p_phone text)
  RETURNS TABLE (user_id uuid, username_taken boolean, phone_taken boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  WITH u AS (SELECT id FROM users WHERE lower(username) = lower(p_username)),
       p AS (SELECT user_id FROM user_private WHERE phone = p_phone)
  SELECT (SELECT u.id FROM u WHERE u.id IN (SELECT user_id FROM p)
            OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.tenant_path <@ app_scope())),
         EXISTS (SELECT 1 FROM u),
         EXISTS (SELECT 1 FROM p WHERE p.user_id NOT IN (SELECT id FROM u))
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION auth_find_login(text), masked_phone(uuid), account_match(text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION auth_find_login(text), masked_phone(uuid), account_match(text, text) TO renda_app;
--> statement-breakpoint
-- Session ids (never secrets) active in one tenant, for dropping their cache after the tenant's
-- settings change. Only for a tenant the caller administers: own tenant or, for the team, subtree.
CREATE FUNCTION sessions_of_tenant(p_tenant uuid) RETURNS TABLE (id text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT s.id FROM sessions s JOIN memberships m ON m.id = s.active_membership_id
  WHERE m.tenant_id = p_tenant
    AND (p_tenant = app_tenant() OR (app_platform() AND m.tenant_path <@ app_scope()))
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION sessions_of_tenant(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION sessions_of_tenant(uuid) TO renda_app;
--> statement-breakpoint
-- Scheduled maintenance: expired sessions and idempotency records older than a day.
CREATE FUNCTION purge_expired() RETURNS TABLE (sessions bigint, keys bigint)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
DECLARE s bigint; k bigint;
BEGIN
  DELETE FROM sessions WHERE expires_at < now(); GET DIAGNOSTICS s = ROW_COUNT;
  DELETE FROM idempotency_keys WHERE created_at < now() - interval '1 day'; GET DIAGNOSTICS k = ROW_COUNT;
  RETURN QUERY SELECT s, k;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION purge_expired() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION purge_expired() TO renda_app;
