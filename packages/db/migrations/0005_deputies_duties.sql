CREATE TABLE "files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"storage_key" text NOT NULL,
	"thumb_key" text,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"width" integer,
	"height" integer,
	"original_name" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delegation_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deputies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"user_id" uuid NOT NULL,
	"term_id" uuid NOT NULL,
	"public_code" text NOT NULL,
	"level" text NOT NULL,
	"constituency" text DEFAULT '' NOT NULL,
	"group_id" uuid,
	"sector" text DEFAULT 'other' NOT NULL,
	"station_id" uuid,
	"status" text DEFAULT 'serving' NOT NULL,
	"elected_on" date,
	"left_on" date,
	"status_note" text DEFAULT '' NOT NULL,
	"gender" text DEFAULT '' NOT NULL,
	"party" text DEFAULT '' NOT NULL,
	"workplace" text DEFAULT '' NOT NULL,
	"bio" text DEFAULT '' NOT NULL,
	"photo_file_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"name" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"open_hours" text DEFAULT '' NOT NULL,
	"public_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stations_public_code_unique" UNIQUE("public_code")
);
--> statement-breakpoint
CREATE TABLE "terms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"number" integer NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"deputy_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"occurred_on" date NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"participants" text DEFAULT '' NOT NULL,
	"source" text DEFAULT 'self' NOT NULL,
	"event_id" uuid,
	"batch_id" uuid,
	"state" text DEFAULT 'draft' NOT NULL,
	"return_reason" text,
	"submitted_at" timestamp with time zone,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" uuid,
	"published_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activity_files" (
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"activity_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "activity_files_activity_id_file_id_pk" PRIMARY KEY("activity_id","file_id")
);
--> statement-breakpoint
CREATE TABLE "deputy_year_stats" (
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"deputy_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"counted" integer DEFAULT 0 NOT NULL,
	"published" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "deputy_year_stats_tenant_id_deputy_id_year_kind_pk" PRIMARY KEY("tenant_id","deputy_id","year","kind")
);
--> statement-breakpoint
CREATE TABLE "event_invitations" (
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"event_id" uuid NOT NULL,
	"deputy_id" uuid NOT NULL,
	"response" text DEFAULT 'pending' NOT NULL,
	"responded_at" timestamp with time zone,
	"note" text DEFAULT '' NOT NULL,
	"walk_in" boolean DEFAULT false NOT NULL,
	"checked_in_at" timestamp with time zone,
	"activity_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_invitations_event_id_deputy_id_pk" PRIMARY KEY("event_id","deputy_id")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"kind" text NOT NULL,
	"activity_kind" text NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"state" text DEFAULT 'scheduled' NOT NULL,
	"checkin_secret" "bytea" NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "files_path_idx" ON "files" USING gist ("tenant_path");--> statement-breakpoint
CREATE INDEX "files_tenant_idx" ON "files" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "delegation_groups_tenant_name_key" ON "delegation_groups" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "delegation_groups_path_idx" ON "delegation_groups" USING gist ("tenant_path");--> statement-breakpoint
CREATE UNIQUE INDEX "deputies_tenant_term_user_key" ON "deputies" USING btree ("tenant_id","term_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "deputies_code_term_key" ON "deputies" USING btree ("public_code","term_id");--> statement-breakpoint
CREATE INDEX "deputies_user_idx" ON "deputies" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "deputies_group_idx" ON "deputies" USING btree ("tenant_id","group_id");--> statement-breakpoint
CREATE INDEX "deputies_path_idx" ON "deputies" USING gist ("tenant_path");--> statement-breakpoint
CREATE UNIQUE INDEX "stations_tenant_name_key" ON "stations" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "stations_path_idx" ON "stations" USING gist ("tenant_path");--> statement-breakpoint
CREATE UNIQUE INDEX "terms_tenant_number_key" ON "terms" USING btree ("tenant_id","number");--> statement-breakpoint
CREATE INDEX "terms_path_idx" ON "terms" USING gist ("tenant_path");--> statement-breakpoint
CREATE INDEX "activities_queue_idx" ON "activities" USING btree ("tenant_id","submitted_at") WHERE state = 'submitted';--> statement-breakpoint
CREATE INDEX "activities_deputy_idx" ON "activities" USING btree ("tenant_id","deputy_id","occurred_on");--> statement-breakpoint
CREATE INDEX "activities_path_idx" ON "activities" USING gist ("tenant_path");--> statement-breakpoint
CREATE UNIQUE INDEX "activities_event_deputy_key" ON "activities" USING btree ("event_id","deputy_id") WHERE event_id is not null;--> statement-breakpoint
CREATE INDEX "activity_files_path_idx" ON "activity_files" USING gist ("tenant_path");--> statement-breakpoint
CREATE INDEX "deputy_year_stats_path_idx" ON "deputy_year_stats" USING gist ("tenant_path");--> statement-breakpoint
CREATE INDEX "deputy_year_stats_year_idx" ON "deputy_year_stats" USING btree ("year","tenant_id");--> statement-breakpoint
CREATE INDEX "event_invitations_deputy_idx" ON "event_invitations" USING btree ("tenant_id","deputy_id");--> statement-breakpoint
CREATE INDEX "event_invitations_path_idx" ON "event_invitations" USING gist ("tenant_path");--> statement-breakpoint
CREATE INDEX "events_tenant_starts_idx" ON "events" USING btree ("tenant_id","starts_at");--> statement-breakpoint
CREATE INDEX "events_path_idx" ON "events" USING gist ("tenant_path");