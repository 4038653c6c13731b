CREATE TABLE "suggestion_assignments" (
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"suggestion_id" uuid NOT NULL,
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
	"reply_category" text,
	"reassign_reason" text,
	"public_agreed" boolean DEFAULT false NOT NULL,
	"rating" smallint,
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	CONSTRAINT "suggestion_assignments_suggestion_id_unit_id_round_pk" PRIMARY KEY("suggestion_id","unit_id","round")
);
--> statement-breakpoint
CREATE TABLE "suggestion_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"parent_id" uuid,
	"name" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "suggestion_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"suggestion_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text DEFAULT '' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "suggestion_files" (
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"suggestion_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"stage" text DEFAULT 'draft' NOT NULL,
	"unit_id" uuid,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "suggestion_files_suggestion_id_file_id_pk" PRIMARY KEY("suggestion_id","file_id")
);
--> statement-breakpoint
CREATE TABLE "suggestion_keyword_months" (
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"month" date NOT NULL,
	"keyword" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "suggestion_keyword_months_tenant_id_month_keyword_pk" PRIMARY KEY("tenant_id","month","keyword")
);
--> statement-breakpoint
CREATE TABLE "suggestion_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"name" text NOT NULL,
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"state" text DEFAULT 'open' NOT NULL,
	"motion_seq" integer DEFAULT 0 NOT NULL,
	"suggestion_seq" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "suggestion_signers" (
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"suggestion_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"deputy_id" uuid,
	"role" text NOT NULL,
	"state" text DEFAULT 'invited' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"responded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "suggestion_signers_suggestion_id_user_id_pk" PRIMARY KEY("suggestion_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "suggestions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"session_id" uuid,
	"kind" text NOT NULL,
	"number" integer,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"category_id" uuid,
	"urgent" boolean DEFAULT false NOT NULL,
	"key" boolean DEFAULT false NOT NULL,
	"supervisor_kind" text,
	"supervisor_user_id" uuid,
	"supervisor_name" text DEFAULT '' NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"source" text DEFAULT 'scratch' NOT NULL,
	"source_case_id" uuid,
	"group_id" uuid,
	"created_by" uuid NOT NULL,
	"lead_deputy_id" uuid,
	"round" smallint DEFAULT 1 NOT NULL,
	"due_step" text,
	"due_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"escalate_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"reply_category" text,
	"rating" smallint,
	"public_agreed" boolean DEFAULT false NOT NULL,
	"published_at" timestamp with time zone,
	"merged_into" uuid,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"search" "tsvector",
	"event_seq" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"assigned_at" timestamp with time zone,
	"replied_at" timestamp with time zone,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "supervision_subjects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"tenant_path" "ltree" NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"year" integer NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "suggestion_assignments_unit_idx" ON "suggestion_assignments" USING btree ("tenant_id","unit_id","state");--> statement-breakpoint
CREATE INDEX "suggestion_assignments_path_idx" ON "suggestion_assignments" USING gist ("tenant_path");--> statement-breakpoint
CREATE INDEX "suggestion_categories_tenant_idx" ON "suggestion_categories" USING btree ("tenant_id","parent_id");--> statement-breakpoint
CREATE INDEX "suggestion_categories_path_idx" ON "suggestion_categories" USING gist ("tenant_path");--> statement-breakpoint
CREATE UNIQUE INDEX "suggestion_events_seq" ON "suggestion_events" USING btree ("suggestion_id","seq");--> statement-breakpoint
CREATE INDEX "suggestion_events_path_idx" ON "suggestion_events" USING gist ("tenant_path");--> statement-breakpoint
CREATE INDEX "suggestion_files_path_idx" ON "suggestion_files" USING gist ("tenant_path");--> statement-breakpoint
CREATE INDEX "suggestion_keyword_months_month_idx" ON "suggestion_keyword_months" USING btree ("month");--> statement-breakpoint
CREATE INDEX "suggestion_keyword_months_path_idx" ON "suggestion_keyword_months" USING gist ("tenant_path");--> statement-breakpoint
CREATE UNIQUE INDEX "suggestion_sessions_tenant_name" ON "suggestion_sessions" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "suggestion_sessions_path_idx" ON "suggestion_sessions" USING gist ("tenant_path");--> statement-breakpoint
CREATE INDEX "suggestion_signers_user_idx" ON "suggestion_signers" USING btree ("user_id","state");--> statement-breakpoint
CREATE INDEX "suggestion_signers_path_idx" ON "suggestion_signers" USING gist ("tenant_path");--> statement-breakpoint
CREATE UNIQUE INDEX "suggestions_number_key" ON "suggestions" USING btree ("tenant_id","session_id","kind","number") WHERE number is not null;--> statement-breakpoint
CREATE INDEX "suggestions_tenant_state_idx" ON "suggestions" USING btree ("tenant_id","state","submitted_at");--> statement-breakpoint
CREATE INDEX "suggestions_created_by_idx" ON "suggestions" USING btree ("created_by","created_at");--> statement-breakpoint
CREATE INDEX "suggestions_recent_idx" ON "suggestions" USING btree ("submitted_at","id");--> statement-breakpoint
CREATE INDEX "suggestions_due_idx" ON "suggestions" USING btree ("due_at") WHERE due_at is not null;--> statement-breakpoint
CREATE INDEX "suggestions_supervisor_idx" ON "suggestions" USING btree ("supervisor_user_id") WHERE supervisor_user_id is not null;--> statement-breakpoint
CREATE INDEX "suggestions_search_idx" ON "suggestions" USING gin ("search");--> statement-breakpoint
CREATE INDEX "suggestions_path_idx" ON "suggestions" USING gist ("tenant_path");--> statement-breakpoint
CREATE INDEX "supervision_subjects_tenant_idx" ON "supervision_subjects" USING btree ("tenant_id","year");--> statement-breakpoint
CREATE INDEX "supervision_subjects_path_idx" ON "supervision_subjects" USING gist ("tenant_path");