-- Keys, checks, policies and narrow functions of the suggestions module: sessions, categories,
-- motions and suggestions with their signers, timeline, unit assignments and files, the keyword
-- counts of the topics page, supervision subjects, and the search function.

ALTER TABLE suggestion_sessions ADD CONSTRAINT suggestion_sessions_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id);
--> statement-breakpoint
ALTER TABLE suggestion_sessions ADD CONSTRAINT suggestion_sessions_tenant_id_key UNIQUE (tenant_id, id);
--> statement-breakpoint
ALTER TABLE suggestion_sessions ADD CONSTRAINT suggestion_sessions_kind_check CHECK (kind IN ('congress', 'interim'));
--> statement-breakpoint
ALTER TABLE suggestion_sessions ADD CONSTRAINT suggestion_sessions_state_check CHECK (state IN ('open', 'closed'));
--> statement-breakpoint
ALTER TABLE suggestion_sessions ADD CONSTRAINT suggestion_sessions_name_check CHECK (length(name) BETWEEN 1 AND 60);
--> statement-breakpoint
ALTER TABLE suggestion_sessions ADD CONSTRAINT suggestion_sessions_year_check CHECK (year BETWEEN 2000 AND 2100);
--> statement-breakpoint
ALTER TABLE suggestion_categories ADD CONSTRAINT suggestion_categories_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id);
--> statement-breakpoint
ALTER TABLE suggestion_categories ADD CONSTRAINT suggestion_categories_parent_fk FOREIGN KEY (parent_id) REFERENCES suggestion_categories(id);
--> statement-breakpoint
ALTER TABLE suggestion_categories ADD CONSTRAINT suggestion_categories_name_check CHECK (length(name) BETWEEN 1 AND 30);
--> statement-breakpoint
-- Sibling names are unique within a congress.
CREATE UNIQUE INDEX suggestion_categories_sibling_name ON suggestion_categories (tenant_id, coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), name);
--> statement-breakpoint
ALTER TABLE suggestions ADD CONSTRAINT suggestions_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id);
--> statement-breakpoint
ALTER TABLE suggestions ADD CONSTRAINT suggestions_tenant_id_key UNIQUE (tenant_id, id);
--> statement-breakpoint
ALTER TABLE suggestions ADD CONSTRAINT suggestions_session_fk FOREIGN KEY (tenant_id, session_id) REFERENCES suggestion_sessions(tenant_id, id);
--> statement-breakpoint
-- A congress may file under an ancestor's category, so this key is on the id alone.
ALTER TABLE suggestions ADD CONSTRAINT suggestions_category_fk FOREIGN KEY (category_id) REFERENCES suggestion_categories(id);
--> statement-breakpoint
ALTER TABLE suggestions ADD CONSTRAINT suggestions_created_by_fk FOREIGN KEY (created_by) REFERENCES users(id);
--> statement-breakpoint
ALTER TABLE suggestions ADD CONSTRAINT suggestions_lead_deputy_fk FOREIGN KEY (tenant_id, lead_deputy_id) REFERENCES deputies(tenant_id, id);
--> statement-breakpoint
ALTER TABLE suggestions ADD CONSTRAINT suggestions_supervisor_fk FOREIGN KEY (supervisor_user_id) REFERENCES users(id);
--> statement-breakpoint
ALTER TABLE suggestions ADD CONSTRAINT suggestions_source_case_fk FOREIGN KEY (tenant_id, source_case_id) REFERENCES cases(tenant_id, id);
--> statement-breakpoint
ALTER TABLE suggestions ADD CONSTRAINT suggestions_group_fk FOREIGN KEY (tenant_id, group_id) REFERENCES delegation_groups(tenant_id, id);
--> statement-breakpoint
ALTER TABLE suggestions ADD CONSTRAINT suggestions_merged_fk FOREIGN KEY (tenant_id, merged_into) REFERENCES suggestions(tenant_id, id);
--> statement-breakpoint
ALTER TABLE suggestions ADD CONSTRAINT suggestions_kind_check CHECK (kind IN ('motion', 'suggestion'));
--> statement-breakpoint
ALTER TABLE suggestions ADD CONSTRAINT suggestions_state_check CHECK (state IN ('draft', 'submitted', 'returned', 'accepted', 'assigned', 'signed', 'replied', 'closed', 'merged', 'withdrawn'));
--> statement-breakpoint
ALTER TABLE suggestions ADD CONSTRAINT suggestions_source_check CHECK (source IN ('scratch', 'case', 'group'));
--> statement-breakpoint
ALTER TABLE suggestions ADD CONSTRAINT suggestions_due_step_check CHECK (due_step IS NULL OR due_step IN ('review', 'sign', 'reply', 'rate'));
--> statement-breakpoint
ALTER TABLE suggestions ADD CONSTRAINT suggestions_reply_category_check CHECK (reply_category IS NULL OR reply_category IN ('A', 'B', 'C'));
--> statement-breakpoint
ALTER TABLE suggestions ADD CONSTRAINT suggestions_rating_check CHECK (rating IS NULL OR rating IN (1, 2, 3));
--> statement-breakpoint
ALTER TABLE suggestions ADD CONSTRAINT suggestions_round_check CHECK (round IN (1, 2));
--> statement-breakpoint
ALTER TABLE suggestions ADD CONSTRAINT suggestions_supervisor_kind_check CHECK (supervisor_kind IS NULL OR supervisor_kind IN ('committee', 'leader'));
--> statement-breakpoint
ALTER TABLE suggestions ADD CONSTRAINT suggestions_title_check CHECK (length(title) BETWEEN 1 AND 200);
--> statement-breakpoint
ALTER TABLE suggestions ADD CONSTRAINT suggestions_number_check CHECK (number IS NULL OR number > 0);
--> statement-breakpoint
ALTER TABLE suggestions ADD CONSTRAINT suggestions_merged_into_check CHECK ((state = 'merged') = (merged_into IS NOT NULL));
--> statement-breakpoint
-- Filed (numbered) once accepted; a draft or a submission awaiting review has no number.
ALTER TABLE suggestions ADD CONSTRAINT suggestions_filed_check CHECK (state NOT IN ('accepted', 'assigned', 'signed', 'replied', 'closed') OR (number IS NOT NULL AND session_id IS NOT NULL));
--> statement-breakpoint
ALTER TABLE suggestion_signers ADD CONSTRAINT suggestion_signers_suggestion_fk FOREIGN KEY (tenant_id, suggestion_id) REFERENCES suggestions(tenant_id, id);
--> statement-breakpoint
ALTER TABLE suggestion_signers ADD CONSTRAINT suggestion_signers_user_fk FOREIGN KEY (user_id) REFERENCES users(id);
--> statement-breakpoint
ALTER TABLE suggestion_signers ADD CONSTRAINT suggestion_signers_deputy_fk FOREIGN KEY (tenant_id, deputy_id) REFERENCES deputies(tenant_id, id);
--> statement-breakpoint
ALTER TABLE suggestion_signers ADD CONSTRAINT suggestion_signers_role_check CHECK (role IN ('author', 'cosigner'));
--> statement-breakpoint
ALTER TABLE suggestion_signers ADD CONSTRAINT suggestion_signers_state_check CHECK (state IN ('invited', 'signed', 'declined'));
--> statement-breakpoint
ALTER TABLE suggestion_events ADD CONSTRAINT suggestion_events_suggestion_fk FOREIGN KEY (tenant_id, suggestion_id) REFERENCES suggestions(tenant_id, id);
--> statement-breakpoint
ALTER TABLE suggestion_events ADD CONSTRAINT suggestion_events_actor_check CHECK (actor_kind IN ('user', 'system'));
--> statement-breakpoint
ALTER TABLE suggestion_assignments ADD CONSTRAINT suggestion_assignments_suggestion_fk FOREIGN KEY (tenant_id, suggestion_id) REFERENCES suggestions(tenant_id, id);
--> statement-breakpoint
ALTER TABLE suggestion_assignments ADD CONSTRAINT suggestion_assignments_unit_fk FOREIGN KEY (tenant_id, unit_id) REFERENCES units(tenant_id, id);
--> statement-breakpoint
ALTER TABLE suggestion_assignments ADD CONSTRAINT suggestion_assignments_role_check CHECK (role IN ('lead', 'co'));
--> statement-breakpoint
ALTER TABLE suggestion_assignments ADD CONSTRAINT suggestion_assignments_state_check CHECK (state IN ('assigned', 'signed', 'replied', 'reassign', 'withdrawn'));
--> statement-breakpoint
ALTER TABLE suggestion_assignments ADD CONSTRAINT suggestion_assignments_round_check CHECK (round IN (1, 2));
--> statement-breakpoint
ALTER TABLE suggestion_assignments ADD CONSTRAINT suggestion_assignments_reply_category_check CHECK (reply_category IS NULL OR (role = 'lead' AND reply_category IN ('A', 'B', 'C')));
--> statement-breakpoint
ALTER TABLE suggestion_assignments ADD CONSTRAINT suggestion_assignments_rating_check CHECK (rating IS NULL OR rating IN (1, 2, 3));
--> statement-breakpoint
-- One lead unit per suggestion and round among the assignments still standing.
CREATE UNIQUE INDEX suggestion_assignments_one_lead ON suggestion_assignments (suggestion_id, round) WHERE role = 'lead' AND state NOT IN ('withdrawn', 'reassign');
--> statement-breakpoint
ALTER TABLE suggestion_files ADD CONSTRAINT suggestion_files_suggestion_fk FOREIGN KEY (tenant_id, suggestion_id) REFERENCES suggestions(tenant_id, id);
--> statement-breakpoint
ALTER TABLE suggestion_files ADD CONSTRAINT suggestion_files_file_fk FOREIGN KEY (tenant_id, file_id) REFERENCES files(tenant_id, id);
--> statement-breakpoint
ALTER TABLE suggestion_files ADD CONSTRAINT suggestion_files_unit_fk FOREIGN KEY (tenant_id, unit_id) REFERENCES units(tenant_id, id);
--> statement-breakpoint
ALTER TABLE suggestion_files ADD CONSTRAINT suggestion_files_stage_check CHECK (stage IN ('draft', 'reply'));
--> statement-breakpoint
ALTER TABLE suggestion_keyword_months ADD CONSTRAINT suggestion_keyword_months_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id);
--> statement-breakpoint
ALTER TABLE supervision_subjects ADD CONSTRAINT supervision_subjects_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id);
--> statement-breakpoint
ALTER TABLE supervision_subjects ADD CONSTRAINT supervision_subjects_title_check CHECK (length(title) BETWEEN 1 AND 100);
--> statement-breakpoint
ALTER TABLE supervision_subjects ADD CONSTRAINT supervision_subjects_source_check CHECK (source IN ('topic', 'manual'));
--> statement-breakpoint
ALTER TABLE supervision_subjects ADD CONSTRAINT supervision_subjects_state_check CHECK (state IN ('open', 'closed'));
--> statement-breakpoint
ALTER TABLE supervision_subjects ADD CONSTRAINT supervision_subjects_year_check CHECK (year BETWEEN 2000 AND 2100);
--> statement-breakpoint

-- Policies. Everything rolls up to the ancestors; categories are read by descendants too.
SELECT apply_tenant_policies('suggestion_sessions', false);
--> statement-breakpoint
SELECT apply_tenant_policies('suggestion_categories', true);
--> statement-breakpoint
SELECT apply_tenant_policies('suggestions', false);
--> statement-breakpoint
SELECT apply_tenant_policies('suggestion_signers', false);
--> statement-breakpoint
SELECT apply_tenant_policies('suggestion_events', false);
--> statement-breakpoint
SELECT apply_tenant_policies('suggestion_assignments', false);
--> statement-breakpoint
SELECT apply_tenant_policies('suggestion_files', false);
--> statement-breakpoint
SELECT apply_tenant_policies('suggestion_keyword_months', false);
--> statement-breakpoint
SELECT apply_tenant_policies('supervision_subjects', false);
--> statement-breakpoint
-- A draft is its signers' until it is submitted: nobody else reads it, staff included.
DROP POLICY tenant_read ON suggestions;
--> statement-breakpoint
CREATE POLICY tenant_read ON suggestions FOR SELECT TO renda_app USING (
  tenant_path <@ (SELECT app_scope())
  AND (state <> 'draft' OR created_by = (SELECT app_user())
    OR EXISTS (SELECT 1 FROM suggestion_signers g WHERE g.suggestion_id = suggestions.id AND g.user_id = (SELECT app_user()))));
--> statement-breakpoint
-- The timeline is append-only.
DROP POLICY tenant_update ON suggestion_events;
--> statement-breakpoint
DROP POLICY tenant_delete ON suggestion_events;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON suggestion_sessions, suggestion_categories, suggestion_signers, suggestion_assignments,
  suggestion_files, supervision_subjects TO renda_app;
--> statement-breakpoint
-- Suggestions are withdrawn, never deleted; keyword counts are the trigger's.
GRANT SELECT, INSERT, UPDATE ON suggestions TO renda_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON suggestion_events TO renda_app;
--> statement-breakpoint
GRANT SELECT ON suggestion_keyword_months TO renda_app;
--> statement-breakpoint

-- Keyword counts per congress and month (China time) of the motions and suggestions raised:
-- every state after submission except withdrawn and merged (a duplicate would count twice).
CREATE FUNCTION suggestion_counted(p_state text, p_submitted timestamptz) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS $$
  SELECT p_submitted IS NOT NULL AND p_state NOT IN ('draft', 'withdrawn', 'merged')
$$;
--> statement-breakpoint
CREATE FUNCTION suggestion_month(p_at timestamptz) RETURNS date
  LANGUAGE sql IMMUTABLE AS $$
  SELECT date_trunc('month', p_at AT TIME ZONE 'Asia/Shanghai')::date
$$;
--> statement-breakpoint
-- Kept by a trigger that owns the counts table (SECURITY DEFINER: the app role may only read it).
-- Keywords are taken in sorted order so that two concurrent writers lock count rows in the same order.
CREATE FUNCTION suggestion_keywords_count() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  was boolean := TG_OP <> 'INSERT' AND suggestion_counted(OLD.state, OLD.submitted_at);
  now_counted boolean := TG_OP <> 'DELETE' AND suggestion_counted(NEW.state, NEW.submitted_at);
  k text;
BEGIN
  IF TG_OP = 'UPDATE' AND was = now_counted AND OLD.keywords = NEW.keywords
     AND suggestion_month(OLD.submitted_at) IS NOT DISTINCT FROM suggestion_month(NEW.submitted_at) AND OLD.tenant_id = NEW.tenant_id THEN
    RETURN NULL;
  END IF;
  IF was THEN
    FOR k IN SELECT DISTINCT x FROM unnest(OLD.keywords) x ORDER BY 1 LOOP
      UPDATE suggestion_keyword_months SET count = count - 1
        WHERE tenant_id = OLD.tenant_id AND month = suggestion_month(OLD.submitted_at) AND keyword = k;
    END LOOP;
  END IF;
  IF now_counted THEN
    FOR k IN SELECT DISTINCT x FROM unnest(NEW.keywords) x ORDER BY 1 LOOP
      INSERT INTO suggestion_keyword_months (tenant_id, tenant_path, month, keyword, count)
        VALUES (NEW.tenant_id, NEW.tenant_path, suggestion_month(NEW.submitted_at), k, 1)
        ON CONFLICT (tenant_id, month, keyword) DO UPDATE SET count = suggestion_keyword_months.count + 1;
    END LOOP;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER suggestion_keywords_count AFTER INSERT OR DELETE OR UPDATE OF state, submitted_at, keywords, tenant_id ON suggestions
  FOR EACH ROW EXECUTE FUNCTION suggestion_keywords_count();
--> statement-breakpoint

-- Full-text search. `@@` is not LEAKPROOF, so under row-level security Postgres will not use the
-- GIN index; this function runs as the owner and applies the same rules itself: the caller's
-- scope (app.scope_path, never a parameter), drafts only for their signers, and — for callers
-- who do not read every row (deputies) — only filed motions and suggestions or their own.
-- `p_query` is the jieba tokens of the query separated by spaces ('' for none); every token must
-- match. Filters that are null do not apply. Order `rank` (relevance, then newest) or `recent`.
-- The cursor is the last row's (rank, submitted_at, id). `total` is counted on the first page only.
CREATE FUNCTION suggestion_search(
  p_query text, p_path ltree, p_level int, p_session uuid, p_kind text, p_categories uuid[], p_units uuid[],
  p_states text[], p_rating int, p_year int, p_filed_or_mine boolean, p_order text,
  p_after_rank real, p_after_at timestamptz, p_after_id uuid, p_limit int)
RETURNS TABLE (id uuid, rank real, submitted_at timestamptz, total bigint)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
DECLARE
  scope ltree := app_scope();
  me uuid := app_user();
  q tsquery := CASE WHEN coalesce(btrim(p_query), '') = '' THEN NULL ELSE plainto_tsquery('simple', p_query) END;
  conds text[] := ARRAY['s.tenant_path <@ $1',
    $c$(s.state <> 'draft' OR s.created_by = $2 OR EXISTS (SELECT 1 FROM suggestion_signers g WHERE g.suggestion_id = s.id AND g.user_id = $2))$c$];
  rank_expr text := '0::real';
  order_by text;
  sql text;
BEGIN
  IF scope IS NULL THEN RETURN; END IF;
  IF q IS NOT NULL THEN
    IF numnode(q) = 0 THEN RETURN; END IF;
    conds := conds || 's.search @@ $3'::text;
    rank_expr := 'ts_rank(s.search, $3)';
  END IF;
  IF p_path IS NOT NULL THEN conds := conds || 's.tenant_path <@ $4'::text; END IF;
  IF p_level IS NOT NULL THEN conds := conds || 'nlevel(s.tenant_path) = $5'::text; END IF;
  IF p_session IS NOT NULL THEN conds := conds || 's.session_id = $6'::text; END IF;
  IF p_kind IS NOT NULL THEN conds := conds || 's.kind = $7'::text; END IF;
  IF p_categories IS NOT NULL THEN conds := conds || 's.category_id = ANY ($8)'::text; END IF;
  IF p_units IS NOT NULL THEN
    conds := conds || $c$EXISTS (SELECT 1 FROM suggestion_assignments a WHERE a.suggestion_id = s.id AND a.tenant_id = s.tenant_id AND a.unit_id = ANY ($9) AND a.state <> 'withdrawn')$c$::text;
  END IF;
  IF p_states IS NOT NULL THEN conds := conds || 's.state = ANY ($10)'::text; END IF;
  IF p_rating IS NOT NULL THEN conds := conds || 's.rating = $11'::text; END IF;
  IF p_year IS NOT NULL THEN
    conds := conds || $c$s.submitted_at >= make_timestamptz($12, 1, 1, 0, 0, 0, 'Asia/Shanghai') AND s.submitted_at < make_timestamptz($12 + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai')$c$::text;
  END IF;
  IF p_filed_or_mine THEN
    conds := conds || '(s.number IS NOT NULL OR EXISTS (SELECT 1 FROM suggestion_signers g WHERE g.suggestion_id = s.id AND g.user_id = $2))'::text;
  END IF;
  IF p_order = 'rank' AND q IS NOT NULL THEN
    order_by := 'r.rank DESC, r.submitted_at DESC NULLS LAST, r.id DESC';
    IF p_after_id IS NOT NULL THEN
      conds := conds || format('(%s, coalesce(s.submitted_at, %L::timestamptz), s.id) < ($13, coalesce($14, %L::timestamptz), $15)', rank_expr, '-infinity', '-infinity');
    END IF;
  ELSE
    order_by := 'r.submitted_at DESC NULLS LAST, r.id DESC';
    IF p_after_id IS NOT NULL THEN
      conds := conds || format('(coalesce(s.submitted_at, %L::timestamptz), s.id) < (coalesce($14, %L::timestamptz), $15)', '-infinity', '-infinity');
    END IF;
  END IF;
  sql := format(
    'SELECT r.id, r.rank, r.submitted_at, %s FROM (SELECT s.id, %s AS rank, s.submitted_at FROM suggestions s WHERE %s) r ORDER BY %s LIMIT $16',
    CASE WHEN p_after_id IS NULL THEN 'count(*) OVER ()' ELSE 'NULL::bigint' END,
    rank_expr, array_to_string(conds, ' AND '), order_by);
  RETURN QUERY EXECUTE sql USING scope, me, q, p_path, p_level, p_session, p_kind, p_categories, p_units, p_states, p_rating, p_year,
    p_after_rank, p_after_at, p_after_id, least(greatest(coalesce(p_limit, 20), 1), 200);
END
$$;
--> statement-breakpoint
-- Suggestions past their step's deadline that owe a reminder, or whose escalation time has come.
CREATE FUNCTION suggestions_due(p_now timestamptz, p_limit int) RETURNS TABLE (suggestion_id uuid, tenant_id uuid, tenant_path text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT s.id, s.tenant_id, s.tenant_path::text FROM suggestions s
  WHERE s.due_at IS NOT NULL AND s.due_at < p_now
    AND (s.reminded_at IS NULL OR (s.escalated_at IS NULL AND s.escalate_at IS NOT NULL AND s.escalate_at < p_now))
  ORDER BY s.due_at
  LIMIT least(greatest(p_limit, 1), 1000)
$$;
--> statement-breakpoint
-- Replies published on a congress's public portal: both the authors and the lead unit agreed,
-- and staff published them. No names of people, only the congress, the number and the unit.
CREATE FUNCTION public_suggestions(p_tenant_code text, p_before timestamptz, p_before_id uuid, p_limit int)
RETURNS TABLE (id uuid, kind text, number int, session_name text, title text, body text, category_name text,
  unit_name text, reply text, reply_category text, replied_at timestamptz, published_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT s.id, s.kind, s.number, se.name, s.title, s.body, coalesce(c.name, ''), u.name, a.reply, a.reply_category, a.replied_at, s.published_at
  FROM tenants t
  JOIN suggestions s ON s.tenant_id = t.id AND s.published_at IS NOT NULL
  JOIN suggestion_sessions se ON se.tenant_id = s.tenant_id AND se.id = s.session_id
  LEFT JOIN suggestion_categories c ON c.id = s.category_id
  JOIN LATERAL (SELECT * FROM suggestion_assignments a WHERE a.tenant_id = s.tenant_id AND a.suggestion_id = s.id AND a.role = 'lead'
    AND a.state = 'replied' ORDER BY a.round DESC LIMIT 1) a ON true
  JOIN units u ON u.tenant_id = a.tenant_id AND u.id = a.unit_id
  WHERE t.code = p_tenant_code AND t.status = 'active'
    AND (p_before IS NULL OR (s.published_at, s.id) < (p_before, p_before_id))
  ORDER BY s.published_at DESC, s.id DESC
  LIMIT least(greatest(p_limit, 1), 100)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION suggestion_search(text, ltree, int, uuid, text, uuid[], uuid[], text[], int, int, boolean, text, real, timestamptz, uuid, int),
  suggestions_due(timestamptz, int), public_suggestions(text, timestamptz, uuid, int), suggestion_keywords_count() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION suggestion_search(text, ltree, int, uuid, text, uuid[], uuid[], text[], int, int, boolean, text, real, timestamptz, uuid, int),
  suggestions_due(timestamptz, int), public_suggestions(text, timestamptz, uuid, int) TO renda_app;
