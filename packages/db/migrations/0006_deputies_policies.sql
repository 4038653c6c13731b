-- Keys, checks, policies, triggers and public read functions of the deputies and duties modules.
-- Joins between tenant-owned tables carry tenant_id (composite keys), so a distributed database
-- can co-locate a deputy with everything that hangs off it. The one exception is a deputy's
-- station, which may belong to another tier by design.

ALTER TABLE terms ADD CONSTRAINT terms_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id);
--> statement-breakpoint
ALTER TABLE terms ADD CONSTRAINT terms_tenant_id_key UNIQUE (tenant_id, id);
--> statement-breakpoint
ALTER TABLE terms ADD CONSTRAINT terms_number_check CHECK (number BETWEEN 1 AND 99);
--> statement-breakpoint
ALTER TABLE terms ADD CONSTRAINT terms_dates_check CHECK (ends_on IS NULL OR ends_on > starts_on);
--> statement-breakpoint
ALTER TABLE delegation_groups ADD CONSTRAINT delegation_groups_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id);
--> statement-breakpoint
ALTER TABLE delegation_groups ADD CONSTRAINT delegation_groups_tenant_id_key UNIQUE (tenant_id, id);
--> statement-breakpoint
ALTER TABLE stations ADD CONSTRAINT stations_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id);
--> statement-breakpoint
ALTER TABLE files ADD CONSTRAINT files_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id);
--> statement-breakpoint
ALTER TABLE files ADD CONSTRAINT files_tenant_id_key UNIQUE (tenant_id, id);
--> statement-breakpoint
ALTER TABLE files ADD CONSTRAINT files_size_check CHECK (size >= 0);
--> statement-breakpoint
ALTER TABLE deputies ADD CONSTRAINT deputies_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id);
--> statement-breakpoint
ALTER TABLE deputies ADD CONSTRAINT deputies_tenant_id_key UNIQUE (tenant_id, id);
--> statement-breakpoint
ALTER TABLE deputies ADD CONSTRAINT deputies_user_fk FOREIGN KEY (user_id) REFERENCES users(id);
--> statement-breakpoint
ALTER TABLE deputies ADD CONSTRAINT deputies_term_fk FOREIGN KEY (tenant_id, term_id) REFERENCES terms(tenant_id, id);
--> statement-breakpoint
ALTER TABLE deputies ADD CONSTRAINT deputies_group_fk FOREIGN KEY (tenant_id, group_id) REFERENCES delegation_groups(tenant_id, id) ON DELETE SET NULL (group_id);
--> statement-breakpoint
ALTER TABLE deputies ADD CONSTRAINT deputies_station_fk FOREIGN KEY (station_id) REFERENCES stations(id) ON DELETE SET NULL;
--> statement-breakpoint
ALTER TABLE deputies ADD CONSTRAINT deputies_photo_fk FOREIGN KEY (tenant_id, photo_file_id) REFERENCES files(tenant_id, id) ON DELETE SET NULL (photo_file_id);
--> statement-breakpoint
ALTER TABLE deputies ADD CONSTRAINT deputies_level_check CHECK (level IN ('province', 'city', 'county', 'township'));
--> statement-breakpoint
ALTER TABLE deputies ADD CONSTRAINT deputies_status_check CHECK (status IN ('serving', 'resigned', 'removed'));
--> statement-breakpoint
ALTER TABLE deputies ADD CONSTRAINT deputies_left_check CHECK (status = 'serving' OR left_on IS NOT NULL);
--> statement-breakpoint
ALTER TABLE deputies ADD CONSTRAINT deputies_sector_check CHECK (sector IN ('worker', 'farmer', 'professional', 'official', 'business', 'military', 'other'));
--> statement-breakpoint
ALTER TABLE deputies ADD CONSTRAINT deputies_gender_check CHECK (gender IN ('male', 'female', ''));
--> statement-breakpoint
ALTER TABLE deputies ADD CONSTRAINT deputies_code_check CHECK (public_code ~ '^[2-9A-HJ-NP-Z]{8}$');
--> statement-breakpoint
CREATE INDEX deputies_code_idx ON deputies (public_code);
--> statement-breakpoint
ALTER TABLE events ADD CONSTRAINT events_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id);
--> statement-breakpoint
ALTER TABLE events ADD CONSTRAINT events_tenant_id_key UNIQUE (tenant_id, id);
--> statement-breakpoint
ALTER TABLE events ADD CONSTRAINT events_kind_check CHECK (kind IN ('inspection', 'group', 'training', 'meeting', 'constituents'));
--> statement-breakpoint
ALTER TABLE events ADD CONSTRAINT events_state_check CHECK (state IN ('scheduled', 'cancelled', 'closed'));
--> statement-breakpoint
ALTER TABLE events ADD CONSTRAINT events_dates_check CHECK (ends_at >= starts_at);
--> statement-breakpoint
ALTER TABLE activities ADD CONSTRAINT activities_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id);
--> statement-breakpoint
ALTER TABLE activities ADD CONSTRAINT activities_tenant_id_key UNIQUE (tenant_id, id);
--> statement-breakpoint
ALTER TABLE activities ADD CONSTRAINT activities_deputy_fk FOREIGN KEY (tenant_id, deputy_id) REFERENCES deputies(tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE activities ADD CONSTRAINT activities_event_fk FOREIGN KEY (tenant_id, event_id) REFERENCES events(tenant_id, id);
--> statement-breakpoint
ALTER TABLE activities ADD CONSTRAINT activities_state_check CHECK (state IN ('draft', 'submitted', 'returned', 'verified', 'published'));
--> statement-breakpoint
ALTER TABLE activities ADD CONSTRAINT activities_source_check CHECK (source IN ('self', 'staff', 'event'));
--> statement-breakpoint
ALTER TABLE activities ADD CONSTRAINT activities_return_reason_check CHECK (state <> 'returned' OR coalesce(return_reason, '') <> '');
--> statement-breakpoint
ALTER TABLE activities ADD CONSTRAINT activities_kind_check CHECK (kind IN ('meeting', 'inspection', 'suggestion', 'constituents', 'group') OR kind ~ '^custom:.{1,20}$');
--> statement-breakpoint
ALTER TABLE activity_files ADD CONSTRAINT activity_files_activity_fk FOREIGN KEY (tenant_id, activity_id) REFERENCES activities(tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE activity_files ADD CONSTRAINT activity_files_file_fk FOREIGN KEY (tenant_id, file_id) REFERENCES files(tenant_id, id);
--> statement-breakpoint
ALTER TABLE event_invitations ADD CONSTRAINT event_invitations_event_fk FOREIGN KEY (tenant_id, event_id) REFERENCES events(tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE event_invitations ADD CONSTRAINT event_invitations_deputy_fk FOREIGN KEY (tenant_id, deputy_id) REFERENCES deputies(tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE event_invitations ADD CONSTRAINT event_invitations_activity_fk FOREIGN KEY (tenant_id, activity_id) REFERENCES activities(tenant_id, id) ON DELETE SET NULL (activity_id);
--> statement-breakpoint
ALTER TABLE event_invitations ADD CONSTRAINT event_invitations_response_check CHECK (response IN ('pending', 'accepted', 'declined'));
--> statement-breakpoint
ALTER TABLE deputy_year_stats ADD CONSTRAINT deputy_year_stats_deputy_fk FOREIGN KEY (tenant_id, deputy_id) REFERENCES deputies(tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint

-- Policies: every table reads its subtree and writes its own tenant. Stations are also readable
-- by descendants, because a township deputy may be attached to a county's station.
SELECT apply_tenant_policies('terms', false);
--> statement-breakpoint
SELECT apply_tenant_policies('delegation_groups', false);
--> statement-breakpoint
SELECT apply_tenant_policies('stations', true);
--> statement-breakpoint
SELECT apply_tenant_policies('files', false);
--> statement-breakpoint
SELECT apply_tenant_policies('deputies', false);
--> statement-breakpoint
SELECT apply_tenant_policies('activities', false);
--> statement-breakpoint
SELECT apply_tenant_policies('activity_files', false);
--> statement-breakpoint
SELECT apply_tenant_policies('events', false);
--> statement-breakpoint
SELECT apply_tenant_policies('event_invitations', false);
--> statement-breakpoint
SELECT apply_tenant_policies('deputy_year_stats', false);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON terms, delegation_groups, stations, files, deputies, activities,
  activity_files, events, event_invitations, deputy_year_stats TO renda_app;
--> statement-breakpoint

-- Counted activities per deputy, year and kind. Runs as the writer, under the same policies: an
-- activity and its counter row always belong to the same tenant.
CREATE FUNCTION activities_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.state IN ('verified', 'published') THEN
    UPDATE deputy_year_stats
       SET counted = counted - 1, published = published - (OLD.state = 'published')::int
     WHERE tenant_id = OLD.tenant_id AND deputy_id = OLD.deputy_id
       AND year = extract(year FROM OLD.occurred_on)::int AND kind = OLD.kind;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.state IN ('verified', 'published') THEN
    INSERT INTO deputy_year_stats (tenant_id, tenant_path, deputy_id, year, kind, counted, published)
    VALUES (NEW.tenant_id, NEW.tenant_path, NEW.deputy_id, extract(year FROM NEW.occurred_on)::int, NEW.kind, 1,
            (NEW.state = 'published')::int)
    ON CONFLICT (tenant_id, deputy_id, year, kind) DO UPDATE
      SET counted = deputy_year_stats.counted + 1, published = deputy_year_stats.published + excluded.published;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER activities_count AFTER INSERT OR DELETE OR UPDATE OF state, occurred_on, kind, deputy_id ON activities
  FOR EACH ROW EXECUTE FUNCTION activities_count();
--> statement-breakpoint

-- Public reads. The public are not users and have no tenant context: each function returns a
-- fixed public projection, never contacts, and only of what is meant to be public.

-- The newest seat behind a deputy's public code, with its congress, term, group and station.
CREATE FUNCTION public_deputy(p_code text) RETURNS TABLE (
    deputy_id uuid, tenant_id uuid, tenant_code text, tenant_name text, tenant_path text, level text,
    display_name text, term_number int, group_name text, station_name text, station_address text,
    station_phone text, station_hours text, constituency text, sector text, workplace text, party text,
    gender text, bio text, photo_file_id uuid, status text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT d.id, t.id, t.code, t.name, t.path::text, d.level, u.display_name, tm.number, g.name, s.name,
         s.address, s.phone, s.open_hours, d.constituency, d.sector, d.workplace, d.party, d.gender, d.bio,
         d.photo_file_id, d.status
  FROM deputies d
  JOIN tenants t ON t.id = d.tenant_id AND t.status = 'active'
  JOIN users u ON u.id = d.user_id
  JOIN terms tm ON tm.tenant_id = d.tenant_id AND tm.id = d.term_id
  LEFT JOIN delegation_groups g ON g.tenant_id = d.tenant_id AND g.id = d.group_id
  LEFT JOIN stations s ON s.id = d.station_id
  WHERE d.public_code = upper(p_code)
  ORDER BY tm.number DESC
  LIMIT 1
$$;
--> statement-breakpoint
-- Published activities of one seat, newest first, a page at a time (keyset on date and id).
CREATE FUNCTION public_deputy_activities(p_deputy uuid, p_before date, p_before_id uuid, p_limit int)
  RETURNS TABLE (id uuid, kind text, title text, occurred_on date, place text, description text, files uuid[])
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT a.id, a.kind, a.title, a.occurred_on, a.place, a.description,
         coalesce((SELECT array_agg(f.file_id ORDER BY f.position) FROM activity_files f
                   WHERE f.tenant_id = a.tenant_id AND f.activity_id = a.id), '{}')
  FROM activities a
  WHERE a.deputy_id = p_deputy AND a.state = 'published'
    AND (p_before IS NULL OR (a.occurred_on, a.id) < (p_before, p_before_id))
  ORDER BY a.occurred_on DESC, a.id DESC
  LIMIT least(greatest(p_limit, 1), 100)
$$;
--> statement-breakpoint
-- Published totals of one seat per year and kind.
CREATE FUNCTION public_deputy_stats(p_deputy uuid) RETURNS TABLE (year int, kind text, published int)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT s.year, s.kind, s.published FROM deputy_year_stats s WHERE s.deputy_id = p_deputy AND s.published > 0
$$;
--> statement-breakpoint
-- A file is public when it is a deputy's photo or evidence of a published activity.
CREATE FUNCTION public_file(p_file uuid) RETURNS TABLE (storage_key text, thumb_key text, content_type text, size int)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT f.storage_key, f.thumb_key, f.content_type, f.size FROM files f
  WHERE f.id = p_file AND (
    EXISTS (SELECT 1 FROM deputies d WHERE d.tenant_id = f.tenant_id AND d.photo_file_id = f.id)
    OR EXISTS (SELECT 1 FROM activity_files af JOIN activities a ON a.tenant_id = af.tenant_id AND a.id = af.activity_id
               WHERE af.tenant_id = f.tenant_id AND af.file_id = f.id AND a.state = 'published'))
$$;
--> statement-breakpoint
-- Whether a public code is in use anywhere (codes are global; the caller sees only its subtree).
CREATE FUNCTION public_code_taken(p_code text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT EXISTS (SELECT 1 FROM deputies WHERE public_code = p_code) OR EXISTS (SELECT 1 FROM stations WHERE public_code = p_code)
$$;
--> statement-breakpoint
-- The congress that owns an event, for a check-in scanned while another tier is active. It tells
-- only the tenant of an unguessable id; the check-in itself runs in that tenant's context.
CREATE FUNCTION event_tenant(p_event uuid) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT tenant_id FROM events WHERE id = p_event
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public_deputy(text), public_deputy_activities(uuid, date, uuid, int), public_deputy_stats(uuid),
  public_file(uuid), public_code_taken(text), event_tenant(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public_deputy(text), public_deputy_activities(uuid, date, uuid, int), public_deputy_stats(uuid),
  public_file(uuid), public_code_taken(text), event_tenant(uuid) TO renda_app;
