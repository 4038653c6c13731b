-- Keys, checks, policies and narrow functions of the cases module: scenarios, cases, their
-- timeline, notifications, the outbox of SMS/WeChat/email, webhooks and integration keys.

ALTER TABLE calendar_days ADD CONSTRAINT calendar_days_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id);
--> statement-breakpoint
ALTER TABLE calendar_days ADD CONSTRAINT calendar_days_kind_check CHECK (kind IN ('holiday', 'workday'));
--> statement-breakpoint
ALTER TABLE case_scenarios ADD CONSTRAINT case_scenarios_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id);
--> statement-breakpoint
ALTER TABLE case_scenarios ADD CONSTRAINT case_scenarios_key_check CHECK (key ~ '^[a-z0-9][a-z0-9-]{1,39}$');
--> statement-breakpoint
ALTER TABLE case_scenarios ADD CONSTRAINT case_scenarios_submitter_check CHECK (submitter IN ('public', 'deputy'));
--> statement-breakpoint
ALTER TABLE case_scenarios ADD CONSTRAINT case_scenarios_triage_check CHECK (triage IN ('deputy', 'staff', 'auto'));
--> statement-breakpoint
ALTER TABLE case_scenarios ADD CONSTRAINT case_scenarios_location_check CHECK (location IN ('none', 'optional', 'required'));
--> statement-breakpoint
ALTER TABLE case_scenarios ADD CONSTRAINT case_scenarios_state_check CHECK (state IN ('active', 'archived'));
--> statement-breakpoint
ALTER TABLE case_scenarios ADD CONSTRAINT case_scenarios_photos_check CHECK (photos_max BETWEEN 0 AND 9);
--> statement-breakpoint
ALTER TABLE cases ADD CONSTRAINT cases_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id);
--> statement-breakpoint
ALTER TABLE cases ADD CONSTRAINT cases_tenant_id_key UNIQUE (tenant_id, id);
--> statement-breakpoint
-- A congress may run a scenario its province published, so this key is on the id alone.
ALTER TABLE cases ADD CONSTRAINT cases_scenario_fk FOREIGN KEY (scenario_id) REFERENCES case_scenarios(id);
--> statement-breakpoint
ALTER TABLE cases ADD CONSTRAINT cases_deputy_fk FOREIGN KEY (tenant_id, deputy_id) REFERENCES deputies(tenant_id, id);
--> statement-breakpoint
ALTER TABLE cases ADD CONSTRAINT cases_station_fk FOREIGN KEY (station_id) REFERENCES stations(id);
--> statement-breakpoint
ALTER TABLE cases ADD CONSTRAINT cases_submitted_by_fk FOREIGN KEY (submitted_by) REFERENCES users(id);
--> statement-breakpoint
ALTER TABLE cases ADD CONSTRAINT cases_merged_fk FOREIGN KEY (tenant_id, merged_into) REFERENCES cases(tenant_id, id);
--> statement-breakpoint
ALTER TABLE cases ADD CONSTRAINT cases_source_check CHECK (source IN ('public', 'deputy'));
--> statement-breakpoint
ALTER TABLE cases ADD CONSTRAINT cases_state_check CHECK (state IN ('submitted', 'accepted', 'transferred', 'signed', 'replied', 'closed', 'rated', 'merged'));
--> statement-breakpoint
ALTER TABLE cases ADD CONSTRAINT cases_round_check CHECK (round IN (1, 2));
--> statement-breakpoint
ALTER TABLE cases ADD CONSTRAINT cases_rating_check CHECK (rating IS NULL OR rating IN (1, 2, 3));
--> statement-breakpoint
ALTER TABLE cases ADD CONSTRAINT cases_due_step_check CHECK (due_step IS NULL OR due_step IN ('accept', 'sign', 'reply', 'close', 'rate'));
--> statement-breakpoint
ALTER TABLE cases ADD CONSTRAINT cases_resolution_check CHECK (resolution IS NULL OR resolution IN ('answered', 'handled', 'suggestion', 'merged'));
--> statement-breakpoint
ALTER TABLE cases ADD CONSTRAINT cases_title_check CHECK (length(title) BETWEEN 1 AND 200);
--> statement-breakpoint
ALTER TABLE cases ADD CONSTRAINT cases_lat_lng_check CHECK ((lat IS NULL) = (lng IS NULL) AND (lat IS NULL OR (lat BETWEEN -90 AND 90 AND lng BETWEEN -180 AND 180)));
--> statement-breakpoint
ALTER TABLE cases ADD CONSTRAINT cases_merged_into_check CHECK ((state = 'merged') = (merged_into IS NOT NULL));
--> statement-breakpoint
ALTER TABLE case_contacts ADD CONSTRAINT case_contacts_case_fk FOREIGN KEY (tenant_id, case_id) REFERENCES cases(tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE case_events ADD CONSTRAINT case_events_case_fk FOREIGN KEY (tenant_id, case_id) REFERENCES cases(tenant_id, id);
--> statement-breakpoint
ALTER TABLE case_events ADD CONSTRAINT case_events_actor_check CHECK (actor_kind IN ('user', 'public', 'system', 'integration'));
--> statement-breakpoint
ALTER TABLE case_assignments ADD CONSTRAINT case_assignments_case_fk FOREIGN KEY (tenant_id, case_id) REFERENCES cases(tenant_id, id);
--> statement-breakpoint
ALTER TABLE case_assignments ADD CONSTRAINT case_assignments_unit_fk FOREIGN KEY (tenant_id, unit_id) REFERENCES units(tenant_id, id);
--> statement-breakpoint
ALTER TABLE case_assignments ADD CONSTRAINT case_assignments_role_check CHECK (role IN ('lead', 'co'));
--> statement-breakpoint
ALTER TABLE case_assignments ADD CONSTRAINT case_assignments_state_check CHECK (state IN ('assigned', 'signed', 'replied', 'returned', 'withdrawn'));
--> statement-breakpoint
-- One lead unit per case and round.
CREATE UNIQUE INDEX case_assignments_one_lead ON case_assignments (case_id, round) WHERE role = 'lead' AND state NOT IN ('withdrawn', 'returned');
--> statement-breakpoint
ALTER TABLE case_files ADD CONSTRAINT case_files_case_fk FOREIGN KEY (tenant_id, case_id) REFERENCES cases(tenant_id, id);
--> statement-breakpoint
ALTER TABLE case_files ADD CONSTRAINT case_files_file_fk FOREIGN KEY (tenant_id, file_id) REFERENCES files(tenant_id, id);
--> statement-breakpoint
ALTER TABLE case_files ADD CONSTRAINT case_files_stage_check CHECK (stage IN ('submission', 'reply'));
--> statement-breakpoint
ALTER TABLE notifications ADD CONSTRAINT notifications_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id);
--> statement-breakpoint
ALTER TABLE notifications ADD CONSTRAINT notifications_user_fk FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE deliveries ADD CONSTRAINT deliveries_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id);
--> statement-breakpoint
ALTER TABLE deliveries ADD CONSTRAINT deliveries_channel_check CHECK (channel IN ('sms', 'wechat', 'email'));
--> statement-breakpoint
ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check CHECK (status IN ('pending', 'sent', 'failed'));
--> statement-breakpoint
ALTER TABLE webhook_endpoints ADD CONSTRAINT webhook_endpoints_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id);
--> statement-breakpoint
ALTER TABLE webhook_endpoints ADD CONSTRAINT webhook_endpoints_tenant_id_key UNIQUE (tenant_id, id);
--> statement-breakpoint
ALTER TABLE webhook_endpoints ADD CONSTRAINT webhook_endpoints_url_check CHECK (url ~ '^https?://');
--> statement-breakpoint
ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_endpoint_fk FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints(tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_status_check CHECK (status IN ('pending', 'delivered', 'failed'));
--> statement-breakpoint
ALTER TABLE integration_keys ADD CONSTRAINT integration_keys_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id);
--> statement-breakpoint
ALTER TABLE integration_keys ADD CONSTRAINT integration_keys_unit_fk FOREIGN KEY (tenant_id, unit_id) REFERENCES units(tenant_id, id);
--> statement-breakpoint

-- Policies. Roll-up tables read their subtree; the calendar is read by descendants too.
SELECT apply_tenant_policies('calendar_days', true);
--> statement-breakpoint
SELECT apply_tenant_policies('case_scenarios', false);
--> statement-breakpoint
SELECT apply_tenant_policies('cases', false);
--> statement-breakpoint
SELECT apply_tenant_policies('case_events', false);
--> statement-breakpoint
SELECT apply_tenant_policies('case_assignments', false);
--> statement-breakpoint
SELECT apply_tenant_policies('case_files', false);
--> statement-breakpoint
-- A scenario marked shared_down is also readable by every congress below its owner.
DROP POLICY tenant_read ON case_scenarios;
--> statement-breakpoint
CREATE POLICY tenant_read ON case_scenarios FOR SELECT TO renda_app
  USING (tenant_path <@ (SELECT app_scope()) OR (shared_down AND tenant_path @> (SELECT app_scope())));
--> statement-breakpoint
-- The timeline is append-only: no UPDATE or DELETE policy and no grant for them.
DROP POLICY tenant_update ON case_events;
--> statement-breakpoint
DROP POLICY tenant_delete ON case_events;
--> statement-breakpoint

-- Own-congress tables: personal data (contacts, outbox recipients) and integration secrets never roll up.
CREATE FUNCTION apply_own_tenant_policies(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  own text := 'tenant_id = (SELECT app_tenant())';
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('CREATE POLICY own_tenant ON %s FOR ALL TO renda_app USING (%s) WITH CHECK (%s)', tbl, own, own);
  EXECUTE format('CREATE TRIGGER fill_tenant_path BEFORE INSERT OR UPDATE OF tenant_id ON %s FOR EACH ROW EXECUTE FUNCTION fill_tenant_path()', tbl);
END
$$;
--> statement-breakpoint
SELECT apply_own_tenant_policies('case_contacts');
--> statement-breakpoint
SELECT apply_own_tenant_policies('deliveries');
--> statement-breakpoint
SELECT apply_own_tenant_policies('webhook_endpoints');
--> statement-breakpoint
SELECT apply_own_tenant_policies('webhook_deliveries');
--> statement-breakpoint
SELECT apply_own_tenant_policies('integration_keys');
--> statement-breakpoint

-- Notifications: only the recipient reads or marks them, whatever tier is active; they are
-- written by whoever acts in the notification's congress.
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE notifications FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY recipient_read ON notifications FOR SELECT TO renda_app USING (user_id = (SELECT app_user()));
--> statement-breakpoint
CREATE POLICY recipient_update ON notifications FOR UPDATE TO renda_app
  USING (user_id = (SELECT app_user())) WITH CHECK (user_id = (SELECT app_user()));
--> statement-breakpoint
CREATE POLICY recipient_delete ON notifications FOR DELETE TO renda_app USING (user_id = (SELECT app_user()));
--> statement-breakpoint
CREATE POLICY tenant_insert ON notifications FOR INSERT TO renda_app WITH CHECK (tenant_id = (SELECT app_tenant()));
--> statement-breakpoint
CREATE TRIGGER fill_tenant_path BEFORE INSERT OR UPDATE OF tenant_id ON notifications FOR EACH ROW EXECUTE FUNCTION fill_tenant_path();
--> statement-breakpoint

GRANT SELECT, INSERT, UPDATE, DELETE ON calendar_days, case_scenarios, cases, case_assignments, case_files, case_contacts,
  notifications, deliveries, webhook_endpoints, webhook_deliveries, integration_keys TO renda_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON case_events TO renda_app;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE case_ticket_seq TO renda_app;
--> statement-breakpoint

-- Secrets the platform derives tokens from (the public's case links). Not readable by the app
-- role; one function hands out a named secret, creating it on first use.
CREATE TABLE platform_secrets (name text PRIMARY KEY, value bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
--> statement-breakpoint
ALTER TABLE platform_secrets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE platform_secrets FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY no_direct_access ON platform_secrets FOR ALL TO renda_app USING (false) WITH CHECK (false);
--> statement-breakpoint
CREATE FUNCTION platform_secret(p_name text) RETURNS bytea
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
DECLARE
  v bytea;
BEGIN
  INSERT INTO platform_secrets (name, value)
    VALUES (p_name, uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()))
    ON CONFLICT (name) DO NOTHING;
  SELECT value INTO v FROM platform_secrets WHERE name = p_name;
  RETURN v;
END
$$;
--> statement-breakpoint
-- The congress behind a ticket number, for the public's ticket page: the route checks the
-- ticket's secret link before it reads anything, in that congress's context.
CREATE FUNCTION case_locate(p_ticket text) RETURNS TABLE (case_id uuid, tenant_id uuid, tenant_path text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT c.id, c.tenant_id, c.tenant_path::text FROM cases c WHERE c.ticket = p_ticket
$$;
--> statement-breakpoint
-- Cases past their step's deadline that owe a reminder, or whose escalation time has come, for
-- the deadline job. Reminded cases still inside their grace do not come back, so they never
-- crowd newly overdue steps out of a batch.
CREATE FUNCTION cases_due(p_now timestamptz, p_limit int) RETURNS TABLE (case_id uuid, tenant_id uuid, tenant_path text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT c.id, c.tenant_id, c.tenant_path::text FROM cases c
  WHERE c.due_at IS NOT NULL AND c.due_at < p_now
    AND (c.reminded_at IS NULL OR (c.escalated_at IS NULL AND c.escalate_at IS NOT NULL AND c.escalate_at < p_now))
  ORDER BY c.due_at
  LIMIT least(greatest(p_limit, 1), 1000)
$$;
--> statement-breakpoint
-- Outbox rows still pending after a while (their job lost, or the embedded start's sweeper).
CREATE FUNCTION deliveries_pending(p_before timestamptz, p_limit int) RETURNS TABLE (id uuid, kind text, tenant_id uuid, tenant_path text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  (SELECT d.id, 'delivery', d.tenant_id, d.tenant_path::text FROM deliveries d
    WHERE d.status = 'pending' AND d.created_at < p_before ORDER BY d.created_at LIMIT least(greatest(p_limit, 1), 1000))
  UNION ALL
  (SELECT w.id, 'webhook', w.tenant_id, w.tenant_path::text FROM webhook_deliveries w
    WHERE w.status = 'pending' AND coalesce(w.next_attempt_at, w.created_at) < p_before ORDER BY w.created_at LIMIT least(greatest(p_limit, 1), 1000))
$$;
--> statement-breakpoint
-- The congress and unit of an integration key, by the SHA-256 of its secret; revoked keys do not match.
CREATE FUNCTION integration_key_lookup(p_hash text) RETURNS TABLE (key_id uuid, tenant_id uuid, tenant_path text, unit_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT k.id, k.tenant_id, k.tenant_path::text, k.unit_id FROM integration_keys k WHERE k.key_hash = p_hash AND k.revoked_at IS NULL
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION platform_secret(text), case_locate(text), cases_due(timestamptz, int), deliveries_pending(timestamptz, int),
  integration_key_lookup(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION platform_secret(text), case_locate(text), cases_due(timestamptz, int), deliveries_pending(timestamptz, int),
  integration_key_lookup(text) TO renda_app;
--> statement-breakpoint
-- The congress behind a station's public code, for the public's submission form.
CREATE FUNCTION public_station(p_code text) RETURNS TABLE (station_id uuid, tenant_id uuid, tenant_code text, tenant_name text, tenant_path text, name text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT s.id, t.id, t.code, t.name, t.path::text, s.name FROM stations s JOIN tenants t ON t.id = s.tenant_id AND t.status = 'active'
  WHERE s.public_code = upper(p_code)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public_station(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public_station(text) TO renda_app;
