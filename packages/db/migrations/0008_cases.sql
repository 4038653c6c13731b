CREATE SEQUENCE "public"."case_ticket_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"day" date NOT NULL,
	"kind" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_days_tenant_id_day_pk" PRIMARY KEY("tenant_id","day")
);
--> statement-breakpoint
CREATE TABLE "case_assignments" (
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"case_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"round" smallint NOT NULL,
	"role" text NOT NULL,
	"state" text DEFAULT 'assigned' NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sign_due_at" timestamp with time zone,
	"signed_at" timestamp with time zone,
	"signed_by" uuid,
	"reply_due_at" timestamp with time zone,
	"replied_at" timestamp with time zone,
	"replied_by" uuid,
	"reply" text,
	CONSTRAINT "case_assignments_case_id_unit_id_round_pk" PRIMARY KEY("case_id","unit_id","round")
);
--> statement-breakpoint
CREATE TABLE "case_contacts" (
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"case_id" uuid PRIMARY KEY NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"phone" text,
	"phone_verified" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"case_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text DEFAULT '' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"public" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_files" (
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"case_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"stage" text DEFAULT 'submission' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "case_files_case_id_file_id_pk" PRIMARY KEY("case_id","file_id")
);
--> statement-breakpoint
CREATE TABLE "case_scenarios" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"submitter" text NOT NULL,
	"triage" text NOT NULL,
	"fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"categories" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"deadlines" jsonb NOT NULL,
	"rating_enabled" boolean DEFAULT true NOT NULL,
	"phone_verification" boolean DEFAULT true NOT NULL,
	"photos_max" integer DEFAULT 6 NOT NULL,
	"location" text DEFAULT 'optional' NOT NULL,
	"channels" jsonb DEFAULT '["inapp","sms"]'::jsonb NOT NULL,
	"templates" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"shared_down" boolean DEFAULT false NOT NULL,
	"state" text DEFAULT 'active' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"ticket" text NOT NULL,
	"scenario_id" uuid NOT NULL,
	"scenario_snapshot" jsonb NOT NULL,
	"source" text NOT NULL,
	"deputy_id" uuid,
	"station_id" uuid,
	"submitted_by" uuid,
	"category" text DEFAULT '' NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"phone_masked" text,
	"state" text DEFAULT 'submitted' NOT NULL,
	"round" smallint DEFAULT 1 NOT NULL,
	"answer" text,
	"resolution" text,
	"due_step" text,
	"due_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"escalate_at" timestamp with time zone,
	"rating" smallint,
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	"merged_into" uuid,
	"suggestion_draft" jsonb,
	"submit_key" text,
	"submit_hash" text,
	"event_seq" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"accepted_at" timestamp with time zone,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"body" text NOT NULL,
	"kind" text NOT NULL,
	"case_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "integration_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"unit_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"link" text DEFAULT '' NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"event" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_status" integer,
	"last_error" text,
	"next_attempt_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"replay_of" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"events" jsonb DEFAULT '["case.*"]'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "user_private" ADD COLUMN "email" text;--> statement-breakpoint
CREATE INDEX "calendar_days_path_idx" ON "calendar_days" USING gist ("tenant_path");--> statement-breakpoint
CREATE INDEX "case_assignments_unit_idx" ON "case_assignments" USING btree ("tenant_id","unit_id","state");--> statement-breakpoint
CREATE INDEX "case_assignments_path_idx" ON "case_assignments" USING gist ("tenant_path");--> statement-breakpoint
CREATE INDEX "case_contacts_path_idx" ON "case_contacts" USING gist ("tenant_path");--> statement-breakpoint
CREATE UNIQUE INDEX "case_events_case_seq" ON "case_events" USING btree ("case_id","seq");--> statement-breakpoint
CREATE INDEX "case_events_path_idx" ON "case_events" USING gist ("tenant_path");--> statement-breakpoint
CREATE INDEX "case_files_path_idx" ON "case_files" USING gist ("tenant_path");--> statement-breakpoint
CREATE UNIQUE INDEX "case_scenarios_tenant_key" ON "case_scenarios" USING btree ("tenant_id","key");--> statement-breakpoint
CREATE INDEX "case_scenarios_path_idx" ON "case_scenarios" USING gist ("tenant_path");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_ticket_key" ON "cases" USING btree ("ticket");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_submit_key" ON "cases" USING btree ("tenant_id","submit_key") WHERE submit_key is not null;--> statement-breakpoint
CREATE INDEX "cases_tenant_state_idx" ON "cases" USING btree ("tenant_id","state","created_at");--> statement-breakpoint
CREATE INDEX "cases_deputy_idx" ON "cases" USING btree ("tenant_id","deputy_id","created_at");--> statement-breakpoint
CREATE INDEX "cases_recent_idx" ON "cases" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "cases_due_idx" ON "cases" USING btree ("due_at") WHERE due_at is not null;--> statement-breakpoint
CREATE INDEX "cases_path_idx" ON "cases" USING gist ("tenant_path");--> statement-breakpoint
CREATE INDEX "deliveries_tenant_idx" ON "deliveries" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "deliveries_pending_idx" ON "deliveries" USING btree ("created_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "deliveries_path_idx" ON "deliveries" USING gist ("tenant_path");--> statement-breakpoint
CREATE UNIQUE INDEX "integration_keys_hash" ON "integration_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "integration_keys_path_idx" ON "integration_keys" USING gist ("tenant_path");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_path_idx" ON "notifications" USING gist ("tenant_path");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries" USING btree ("tenant_id","endpoint_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_path_idx" ON "webhook_deliveries" USING gist ("tenant_path");--> statement-breakpoint
CREATE INDEX "webhook_endpoints_tenant_idx" ON "webhook_endpoints" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "webhook_endpoints_path_idx" ON "webhook_endpoints" USING gist ("tenant_path");