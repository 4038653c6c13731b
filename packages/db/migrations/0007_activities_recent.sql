CREATE INDEX "activities_recent_idx" ON "activities" USING btree ("occurred_on","id");--> statement-breakpoint
-- Public photos of published activities: images only (a PDF of evidence has no public preview).
CREATE OR REPLACE FUNCTION public_deputy_activities(p_deputy uuid, p_before date, p_before_id uuid, p_limit int)
  RETURNS TABLE (id uuid, kind text, title text, occurred_on date, place text, description text, files uuid[])
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT a.id, a.kind, a.title, a.occurred_on, a.place, a.description,
         coalesce((SELECT array_agg(af.file_id ORDER BY af.position) FROM activity_files af
                   JOIN files f ON f.tenant_id = af.tenant_id AND f.id = af.file_id
                   WHERE af.tenant_id = a.tenant_id AND af.activity_id = a.id AND f.content_type LIKE 'image/%'), '{}')
  FROM activities a
  WHERE a.deputy_id = p_deputy AND a.state = 'published'
    AND (p_before IS NULL OR (a.occurred_on, a.id) < (p_before, p_before_id))
  ORDER BY a.occurred_on DESC, a.id DESC
  LIMIT least(greatest(p_limit, 1), 100)
$$;
