-- The end state of these migrations (schema/snapshot.py); do not edit.
-- migrations: models.0001_initial models.0002_filter_indexes models.0003_policy_defaults models.0004_service_requests models.0005_recognition_cards_files models.0006_specialists_supervision_complaints models.0007_backfill_completion_figures models.0008_security_hardening models.0009_policy_admin_to_platform models.0010_user_places_and_phone_lookup models.0011_backfill_user_places models.0012_lowcode_tools models.0013_custom_fields models.0014_saved_views models.0015_token_limits models.0016_supervision_rollups models.0017_overdue_index_only models.0018_change_feed models.0019_province_store models.0020_fund_policies models.0021_fund_applications models.0022_fund_payments models.0023_fund_settlement_recovery_grassroots models.0024_payment_reissue models.0025_ledger_entitlements models.0026_idempotency_keys
BEGIN TRANSACTION;
CREATE TABLE "api_token" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "prefix" VARCHAR(16) NOT NULL,
    "role" VARCHAR(32) NOT NULL,
    "scope" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "expires_on" DATE NOT NULL,
    "revoked_at" TIMESTAMP,
    "last_used_at" TIMESTAMP,
    "created_by_id" INT NOT NULL REFERENCES "app_user" ("id") ON DELETE RESTRICT
, "read_only" INT NOT NULL DEFAULT 0, "operations" JSON);
CREATE TABLE "app_user" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "username" VARCHAR(64) NOT NULL UNIQUE,
    "password_hash" VARCHAR(256) NOT NULL,
    "display_name" VARCHAR(64),
    "is_active" INT NOT NULL,
    "failed_logins" INT NOT NULL,
    "locked_until" TIMESTAMP,
    "last_login_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "talent_id" INT REFERENCES "talent" ("id") ON DELETE SET NULL
, "department_id" INT REFERENCES "department" ("id") ON DELETE RESTRICT, "jurisdiction_id" VARCHAR(6) REFERENCES "jurisdiction" ("code") ON DELETE RESTRICT);
CREATE TABLE "appointment" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "purpose" VARCHAR(256) NOT NULL,
    "at" TIMESTAMP NOT NULL,
    "place" VARCHAR(256) NOT NULL,
    "created_by" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "handoff_id" INT NOT NULL REFERENCES "handoff" ("id") ON DELETE CASCADE
);
CREATE TABLE "archive_entry" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "jurisdiction_id" VARCHAR(6) NOT NULL,
    "summary" TEXT NOT NULL,
    "results" JSON NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "talent_id" INT NOT NULL REFERENCES "talent" ("id") ON DELETE RESTRICT,
    "request_id" INT NOT NULL UNIQUE REFERENCES "service_request" ("id") ON DELETE RESTRICT
);
CREATE TABLE "audit_event" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "at" TIMESTAMP NOT NULL,
    "actor" VARCHAR(64) NOT NULL,
    "token_id" INT,
    "operation" VARCHAR(64) NOT NULL,
    "target_type" VARCHAR(32) NOT NULL,
    "target_id" VARCHAR(64),
    "jurisdiction_code" VARCHAR(6),
    "before" JSON,
    "after" JSON,
    "client_address" VARCHAR(64),
    "request_id" VARCHAR(64)
, "hash" VARCHAR(64), "prev_hash" VARCHAR(64), "seq" BIGINT);
CREATE TABLE "calendar_day" (
    "day" DATE NOT NULL  PRIMARY KEY,
    "kind" VARCHAR(8) NOT NULL  /* HOLIDAY: HOLIDAY\nWORKDAY: WORKDAY */,
    "name" VARCHAR(64),
    "created_by" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP NOT NULL
);
CREATE TABLE "card" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "number" VARCHAR(32) NOT NULL UNIQUE,
    "issued_on" DATE NOT NULL,
    "expires_on" DATE NOT NULL,
    "status" VARCHAR(16) NOT NULL  /* ACTIVE: ACTIVE\nSUSPENDED: SUSPENDED\nREVOKED: REVOKED\nEXPIRED: EXPIRED\nSUPERSEDED: SUPERSEDED */,
    "created_at" TIMESTAMP NOT NULL,
    "holder_id" INT NOT NULL REFERENCES "talent" ("id") ON DELETE RESTRICT,
    "jurisdiction_id" VARCHAR(6) NOT NULL REFERENCES "jurisdiction" ("code") ON DELETE RESTRICT,
    "programme_id" INT NOT NULL REFERENCES "card_programme" ("id") ON DELETE RESTRICT,
    "tier_id" INT NOT NULL REFERENCES "card_tier" ("id") ON DELETE RESTRICT
, "recognition_id" INT, "status_changed_at" TIMESTAMP, "superseded_by_id" INT);
CREATE TABLE "card_event" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(24) NOT NULL,
    "actor" VARCHAR(64) NOT NULL,
    "reason" TEXT,
    "data" JSON NOT NULL,
    "at" TIMESTAMP NOT NULL,
    "card_id" INT NOT NULL REFERENCES "card" ("id") ON DELETE CASCADE
);
CREATE TABLE "card_programme" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "code" VARCHAR(32) NOT NULL UNIQUE,
    "name" VARCHAR(64) NOT NULL,
    "validity_years" INT NOT NULL,
    "description" TEXT,
    "jurisdiction_id" VARCHAR(6) NOT NULL REFERENCES "jurisdiction" ("code") ON DELETE RESTRICT
, "number_prefix" VARCHAR(8));
CREATE TABLE "card_revocation" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "employer_id" INT,
    "talent_id" INT NOT NULL,
    "hr_department_id" INT,
    "status" VARCHAR(16) NOT NULL  /* WINDOW_REVIEW: WINDOW_REVIEW\nHR_REVIEW: HR_REVIEW\nOFFICE_REVIEW: OFFICE_REVIEW\nREVOKED: REVOKED\nREJECTED: REJECTED */,
    "reason" TEXT NOT NULL,
    "proposed_by" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "decided_at" TIMESTAMP,
    "card_id" INT NOT NULL REFERENCES "card" ("id") ON DELETE CASCADE,
    "jurisdiction_id" VARCHAR(6) NOT NULL REFERENCES "jurisdiction" ("code") ON DELETE RESTRICT
);
CREATE TABLE "card_revocation_step" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "stage" VARCHAR(16) NOT NULL,
    "decision" VARCHAR(8) NOT NULL,
    "reason" TEXT NOT NULL,
    "actor" VARCHAR(64) NOT NULL,
    "at" TIMESTAMP NOT NULL,
    "revocation_id" INT NOT NULL REFERENCES "card_revocation" ("id") ON DELETE CASCADE
);
CREATE TABLE "card_tier" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "code" VARCHAR(32) NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "rank" INT NOT NULL,
    "programme_id" INT NOT NULL REFERENCES "card_programme" ("id") ON DELETE CASCADE, "dedicated_specialist" INT NOT NULL DEFAULT 0,
    CONSTRAINT "uid_card_tier_program_bfbc12" UNIQUE ("programme_id", "code")
);
CREATE TABLE "card_tier_category" (
    "card_tier_id" INT NOT NULL REFERENCES "card_tier" ("id") ON DELETE CASCADE,
    "talentcategory_id" INT NOT NULL REFERENCES "talent_category" ("id") ON DELETE CASCADE
);
CREATE TABLE "casbin_rule" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "ptype" VARCHAR(8) NOT NULL,
    "v0" VARCHAR(128) NOT NULL,
    "v1" VARCHAR(128) NOT NULL,
    "v2" VARCHAR(128) NOT NULL,
    "v3" VARCHAR(128) NOT NULL,
    "v4" VARCHAR(128) NOT NULL,
    "v5" VARCHAR(128) NOT NULL,
    CONSTRAINT "uid_casbin_rule_ptype_7c0b0d" UNIQUE ("ptype", "v0", "v1", "v2", "v3", "v4", "v5")
);
CREATE TABLE "change_feed" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "record_id" BIGINT NOT NULL,
    "key" VARCHAR(64),
    "op" VARCHAR(8) NOT NULL,
    "jurisdiction_id" VARCHAR(6),
    "txid" BIGINT NOT NULL DEFAULT 0,
    "at" TIMESTAMP NOT NULL
);
CREATE TABLE "complaint" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "number" VARCHAR(32) NOT NULL UNIQUE,
    "kind" VARCHAR(16) NOT NULL  /* COMPLAINT: COMPLAINT\nRECTIFICATION: RECTIFICATION */,
    "source" VARCHAR(16) NOT NULL  /* HOTLINE: HOTLINE\nONLINE: ONLINE\nWINDOW: WINDOW\nEVALUATION: EVALUATION */,
    "status" VARCHAR(16) NOT NULL  /* RECEIVED: RECEIVED\nROUTED: ROUTED\nANSWERED: ANSWERED\nCLOSED: CLOSED */,
    "complainant_name" VARCHAR(64),
    "complainant_phone" VARCHAR(20),
    "subject" VARCHAR(128) NOT NULL,
    "content" TEXT NOT NULL,
    "due_on" DATE,
    "routed_by" VARCHAR(64),
    "routed_at" TIMESTAMP,
    "answer" TEXT,
    "outcome" VARCHAR(24)   /* SUBSTANTIATED: SUBSTANTIATED\nPARTLY_SUBSTANTIATED: PARTLY_SUBSTANTIATED\nUNFOUNDED: UNFOUNDED\nRECTIFIED: RECTIFIED */,
    "answered_by" VARCHAR(64),
    "answered_at" TIMESTAMP,
    "answered_on_time" INT,
    "callback_result" VARCHAR(24)   /* SATISFIED: SATISFIED\nBASICALLY_SATISFIED: BASICALLY_SATISFIED\nDISSATISFIED: DISSATISFIED\nUNREACHABLE: UNREACHABLE */,
    "callback_note" TEXT,
    "callback_by" VARCHAR(64),
    "callback_at" TIMESTAMP,
    "overdue_notified_on" DATE,
    "filed_by" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "department_id" INT REFERENCES "department" ("id") ON DELETE RESTRICT,
    "jurisdiction_id" VARCHAR(6) NOT NULL REFERENCES "jurisdiction" ("code") ON DELETE RESTRICT,
    "request_id" INT REFERENCES "service_request" ("id") ON DELETE RESTRICT,
    "specialist_id" INT REFERENCES "specialist" ("id") ON DELETE RESTRICT,
    "talent_id" INT REFERENCES "talent" ("id") ON DELETE RESTRICT,
    "window_id" INT REFERENCES "service_window" ("id") ON DELETE RESTRICT,
    "evaluation_id" INT  UNIQUE REFERENCES "evaluation" ("id") ON DELETE RESTRICT
);
CREATE TABLE "complaint_step" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "action" VARCHAR(16) NOT NULL,
    "actor" VARCHAR(64) NOT NULL,
    "note" TEXT,
    "at" TIMESTAMP NOT NULL,
    "complaint_id" INT NOT NULL REFERENCES "complaint" ("id") ON DELETE CASCADE
);
CREATE TABLE "custom_field_definition" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "target_type" VARCHAR(16) NOT NULL,
    "key" VARCHAR(40) NOT NULL,
    "label" VARCHAR(64) NOT NULL,
    "kind" VARCHAR(16) NOT NULL  /* TEXT: TEXT\nNUMBER: NUMBER\nDATE: DATE\nENUM: ENUM\nBOOLEAN: BOOLEAN\nATTACHMENT: ATTACHMENT */,
    "options" JSON NOT NULL,
    "required" INT NOT NULL,
    "personal" INT NOT NULL,
    "status" VARCHAR(8) NOT NULL  /* ACTIVE: ACTIVE\nRETIRED: RETIRED */,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "jurisdiction_id" VARCHAR(6) NOT NULL REFERENCES "jurisdiction" ("code") ON DELETE RESTRICT,
    CONSTRAINT "uid_custom_fiel_target__7675ff" UNIQUE ("target_type", "jurisdiction_id", "key")
);
CREATE TABLE "dedicated_assignment" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "active_talent_id" INT  UNIQUE,
    "jurisdiction_id" VARCHAR(6) NOT NULL,
    "card_id" INT,
    "reason" VARCHAR(32) NOT NULL,
    "assigned_by" VARCHAR(64) NOT NULL,
    "started_at" TIMESTAMP NOT NULL,
    "ended_at" TIMESTAMP,
    "end_reason" VARCHAR(64),
    "specialist_id" INT NOT NULL REFERENCES "specialist" ("id") ON DELETE RESTRICT,
    "talent_id" INT NOT NULL REFERENCES "talent" ("id") ON DELETE CASCADE
);
CREATE TABLE "department" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "channel" VARCHAR(16) NOT NULL  /* INBOX: INBOX\nWEBHOOK: WEBHOOK */,
    "webhook_url" VARCHAR(512),
    "webhook_secret" VARCHAR(128),
    "phone" VARCHAR(32),
    "created_at" TIMESTAMP NOT NULL,
    "jurisdiction_id" VARCHAR(6) NOT NULL REFERENCES "jurisdiction" ("code") ON DELETE RESTRICT, "function" VARCHAR(24),
    CONSTRAINT "uid_department_jurisdi_61cd51" UNIQUE ("jurisdiction_id", "name")
);
CREATE TABLE "direct_recognition_rule" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "code" VARCHAR(64) NOT NULL UNIQUE,
    "name" VARCHAR(128) NOT NULL,
    "kind" VARCHAR(16) NOT NULL  /* AWARD: AWARD\nSALARY_TAX: SALARY_TAX */,
    "awards" JSON NOT NULL,
    "min_annual_salary_yuan" BIGINT,
    "min_employer_tax_yuan" BIGINT,
    "skips" JSON NOT NULL,
    "source" TEXT,
    "active" INT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "category_id" INT NOT NULL REFERENCES "talent_category" ("id") ON DELETE RESTRICT,
    "jurisdiction_id" VARCHAR(6) NOT NULL REFERENCES "jurisdiction" ("code") ON DELETE RESTRICT
);
CREATE TABLE "employer" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "credit_code" VARCHAR(18) NOT NULL UNIQUE,
    "kind" VARCHAR(16) NOT NULL  /* ENTERPRISE: ENTERPRISE\nINSTITUTION: INSTITUTION\nGOVERNMENT: GOVERNMENT\nOTHER: OTHER */,
    "industry" VARCHAR(64),
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "jurisdiction_id" VARCHAR(6) NOT NULL REFERENCES "jurisdiction" ("code") ON DELETE RESTRICT
, "custom_fields" JSON NOT NULL DEFAULT '{}');
CREATE TABLE "entitlement" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "application_id" INT NOT NULL REFERENCES "fund_application" ("id") ON DELETE RESTRICT, "policy_id" INT NOT NULL REFERENCES "fund_policy" ("id") ON DELETE RESTRICT, "policy_code" VARCHAR(64) NOT NULL, "talent_id" INT NOT NULL, "jurisdiction_id" VARCHAR(6) NOT NULL, "employer_id" INT, "amount_fen" BIGINT NOT NULL, "schedule" VARCHAR(16) NOT NULL, "starts_on" DATE NOT NULL, "ends_on" DATE NOT NULL, "status" VARCHAR(16) NOT NULL, "stopped_on" DATE, "stop_reason" VARCHAR(16), "created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT NULL);
CREATE TABLE "evaluation" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "score" INT NOT NULL,
    "comment" TEXT,
    "created_at" TIMESTAMP NOT NULL,
    "request_id" INT NOT NULL UNIQUE REFERENCES "service_request" ("id") ON DELETE CASCADE
);
CREATE TABLE "family_member" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "relation" VARCHAR(8) NOT NULL  /* SPOUSE: SPOUSE\nCHILD: CHILD\nPARENT: PARENT */,
    "name" VARCHAR(64) NOT NULL,
    "id_number" VARCHAR(32),
    "birth_date" DATE,
    "talent_id" INT NOT NULL REFERENCES "talent" ("id") ON DELETE CASCADE
);
CREATE TABLE "fund_application" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "number" VARCHAR(32) NOT NULL UNIQUE,
    "talent_id" INT NOT NULL,
    "jurisdiction_id" VARCHAR(6) NOT NULL,
    "employer_id" INT,
    "status" VARCHAR(16) NOT NULL  /* COUNTY_REVIEW: COUNTY_REVIEW\nCITY_REVIEW: CITY_REVIEW\nAPPROVED: APPROVED\nREJECTED: REJECTED */,
    "start_on" DATE,
    "first_home" INT NOT NULL,
    "social_insurance_months" INT,
    "materials" JSON NOT NULL,
    "bank_name" VARCHAR(64),
    "bank_account" VARCHAR(32),
    "submitted_by" VARCHAR(64) NOT NULL,
    "decided_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "policy_id" INT NOT NULL REFERENCES "fund_policy" ("id") ON DELETE RESTRICT
);
CREATE TABLE "fund_application_step" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "from_status" VARCHAR(16),
    "to_status" VARCHAR(16) NOT NULL,
    "decision" VARCHAR(16),
    "opinion" TEXT,
    "actor" VARCHAR(64) NOT NULL,
    "at" TIMESTAMP NOT NULL,
    "application_id" INT NOT NULL REFERENCES "fund_application" ("id") ON DELETE CASCADE
);
CREATE TABLE "fund_policy" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "code" VARCHAR(64) NOT NULL, "version" INT NOT NULL, "name" VARCHAR(128) NOT NULL, "basis" TEXT, "jurisdiction_id" VARCHAR(6) NOT NULL REFERENCES "jurisdiction" ("code") ON DELETE RESTRICT, "eligibility" JSON NOT NULL, "amount_fen" BIGINT NOT NULL, "schedule" VARCHAR(16) NOT NULL, "months" INT NOT NULL, "start_event" VARCHAR(16) NOT NULL, "budget_fen" BIGINT, "clawback" VARCHAR(16) NOT NULL, "triggers" JSON NOT NULL, "status" VARCHAR(16) NOT NULL, "effective_from" DATE, "effective_to" DATE, "created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT NULL);
CREATE TABLE "grassroots_area" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(24) NOT NULL  /* UNDERDEVELOPED: UNDERDEVELOPED\nOLD_REVOLUTIONARY: OLD_REVOLUTIONARY\nGRASSROOTS: GRASSROOTS */,
    "note" TEXT,
    "created_at" TIMESTAMP NOT NULL,
    "jurisdiction_id" VARCHAR(6) NOT NULL REFERENCES "jurisdiction" ("code") ON DELETE RESTRICT,
    CONSTRAINT "uid_grassroots__jurisdi_780cca" UNIQUE ("jurisdiction_id", "kind")
);
CREATE TABLE "grassroots_expert" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "year" INT NOT NULL,
    "talent_id" INT NOT NULL,
    "jurisdiction_id" VARCHAR(6) NOT NULL,
    "employer_id" INT,
    "required_days" INT NOT NULL,
    "listed_by" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uid_grassroots__year_772a1b" UNIQUE ("year", "talent_id")
);
CREATE TABLE "grassroots_service" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "year" INT NOT NULL,
    "talent_id" INT NOT NULL,
    "jurisdiction_id" VARCHAR(6) NOT NULL,
    "employer_id" INT,
    "area_jurisdiction_id" VARCHAR(6) NOT NULL,
    "unit_name" VARCHAR(128) NOT NULL,
    "starts_on" DATE NOT NULL,
    "ends_on" DATE NOT NULL,
    "days" INT NOT NULL,
    "content" TEXT NOT NULL,
    "status" VARCHAR(16) NOT NULL  /* RECORDED: RECORDED\nCONFIRMED: CONFIRMED\nREJECTED: REJECTED */,
    "opinion" TEXT,
    "recorded_by" VARCHAR(64) NOT NULL,
    "confirmed_by" VARCHAR(64),
    "confirmed_at" TIMESTAMP,
    "payment_id" INT,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "expert_id" INT NOT NULL REFERENCES "grassroots_expert" ("id") ON DELETE RESTRICT
);
CREATE TABLE "handoff" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "jurisdiction_id" VARCHAR(6) NOT NULL,
    "talent_id" INT NOT NULL,
    "employer_id" INT,
    "is_lead" INT NOT NULL,
    "status" VARCHAR(16) NOT NULL  /* PENDING: PENDING\nDELIVERED: DELIVERED\nACCEPTED: ACCEPTED\nDONE: DONE\nRETURNED: RETURNED\nUNDELIVERABLE: UNDELIVERABLE\nWITHDRAWN: WITHDRAWN */,
    "due_on" DATE NOT NULL,
    "outcome" VARCHAR(16)   /* APPROVED: APPROVED\nREJECTED: REJECTED */,
    "opinion" TEXT,
    "return_reason" TEXT,
    "delivery_attempts" INT NOT NULL,
    "last_error" TEXT,
    "created_at" TIMESTAMP NOT NULL,
    "delivered_at" TIMESTAMP,
    "accepted_at" TIMESTAMP,
    "completed_at" TIMESTAMP,
    "updated_at" TIMESTAMP NOT NULL,
    "department_id" INT NOT NULL REFERENCES "department" ("id") ON DELETE RESTRICT,
    "handler_id" INT REFERENCES "app_user" ("id") ON DELETE SET NULL,
    "item_id" INT NOT NULL REFERENCES "service_item" ("id") ON DELETE RESTRICT,
    "request_id" INT NOT NULL REFERENCES "service_request" ("id") ON DELETE CASCADE, "completed_on" DATE, "extension_count" INT NOT NULL DEFAULT 0, "on_time" INT, "workdays_taken" INT,
    CONSTRAINT "uid_handoff_request_942997" UNIQUE ("request_id", "item_id", "department_id")
);
CREATE TABLE "handoff_extension" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "reason" TEXT NOT NULL,
    "previous_due_on" DATE NOT NULL,
    "new_due_on" DATE NOT NULL,
    "reported_by" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "handoff_id" INT NOT NULL REFERENCES "handoff" ("id") ON DELETE CASCADE
);
CREATE TABLE "idempotency_key" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "operation" VARCHAR(64) NOT NULL,
    "key" VARCHAR(100) NOT NULL,
    "fingerprint" VARCHAR(64) NOT NULL,
    "target_id" INT,
    "created_at" TIMESTAMP NOT NULL,
    "user_id" INT NOT NULL REFERENCES "app_user" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_idempotency_user_id_8f6c25" UNIQUE ("user_id", "operation", "key")
);
CREATE TABLE "jurisdiction" (
    "code" VARCHAR(6) NOT NULL  PRIMARY KEY,
    "name" VARCHAR(64) NOT NULL,
    "level" VARCHAR(16) NOT NULL  /* PROVINCE: PROVINCE\nCITY: CITY\nCOUNTY: COUNTY */,
    "parent_id" VARCHAR(6) REFERENCES "jurisdiction" ("code") ON DELETE RESTRICT
);
CREATE TABLE "ledger_entry" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" VARCHAR(16) NOT NULL, "amount_fen" BIGINT NOT NULL, "talent_id" INT NOT NULL, "policy_id" INT NOT NULL, "entitlement_id" INT NOT NULL, "payment_id" INT, "jurisdiction_id" VARCHAR(6) NOT NULL, "employer_id" INT, "at" TIMESTAMP NOT NULL, "recovery_id" INT);
CREATE TABLE "local_calendar_day" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "day" DATE NOT NULL,
    "kind" VARCHAR(8) NOT NULL  /* HOLIDAY: HOLIDAY\nWORKDAY: WORKDAY */,
    "name" VARCHAR(64),
    "created_by" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "jurisdiction_id" VARCHAR(6) NOT NULL REFERENCES "jurisdiction" ("code") ON DELETE RESTRICT,
    CONSTRAINT "uid_local_calen_jurisdi_017573" UNIQUE ("jurisdiction_id", "day")
);
CREATE TABLE "login_throttle" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "key" VARCHAR(64) NOT NULL UNIQUE,
    "account" VARCHAR(64),
    "failures" INT NOT NULL,
    "blocked_until" TIMESTAMP,
    "last_failure_at" TIMESTAMP,
    "unaudited" INT NOT NULL,
    "window_started_at" TIMESTAMP
);
CREATE TABLE "notification" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "channel" VARCHAR(8) NOT NULL  /* IN_APP: IN_APP\nSMS: SMS\nWECHAT: WECHAT\nEMAIL: EMAIL */,
    "subject" VARCHAR(128) NOT NULL,
    "body" TEXT NOT NULL,
    "related_type" VARCHAR(32),
    "related_id" VARCHAR(64),
    "status" VARCHAR(8) NOT NULL  /* PENDING: PENDING\nSENT: SENT\nFAILED: FAILED */,
    "attempts" INT NOT NULL,
    "last_error" TEXT,
    "created_at" TIMESTAMP NOT NULL,
    "sent_at" TIMESTAMP,
    "read_at" TIMESTAMP,
    "recipient_id" INT NOT NULL REFERENCES "app_user" ("id") ON DELETE CASCADE
);
CREATE TABLE "outbox_entry" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "key" VARCHAR(128) NOT NULL UNIQUE,
    "task" VARCHAR(64) NOT NULL,
    "payload" JSON NOT NULL,
    "status" VARCHAR(8) NOT NULL  /* PENDING: PENDING\nDONE: DONE\nFAILED: FAILED */,
    "attempts" INT NOT NULL,
    "last_error" TEXT,
    "created_at" TIMESTAMP NOT NULL,
    "enqueued_at" TIMESTAMP,
    "done_at" TIMESTAMP
);
CREATE TABLE "payment" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "batch_id" INT NOT NULL REFERENCES "payment_batch" ("id") ON DELETE RESTRICT, "entitlement_id" INT NOT NULL REFERENCES "entitlement" ("id") ON DELETE RESTRICT, "policy_id" INT NOT NULL, "talent_id" INT NOT NULL, "jurisdiction_id" VARCHAR(6) NOT NULL, "employer_id" INT, "period" VARCHAR(7) NOT NULL, "amount_fen" BIGINT NOT NULL, "status" VARCHAR(16) NOT NULL, "bank_name" VARCHAR(64), "bank_account" VARCHAR(32), "created_at" TIMESTAMP NOT NULL, "failure_reason" VARCHAR(128), "settled_at" TIMESTAMP);
CREATE TABLE "payment_batch" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "number" VARCHAR(32) NOT NULL UNIQUE, "jurisdiction_id" VARCHAR(6) NOT NULL, "period" VARCHAR(7) NOT NULL, "status" VARCHAR(16) NOT NULL, "total_fen" BIGINT NOT NULL, "count" INT NOT NULL, "created_by" VARCHAR(64) NOT NULL, "approved_by" VARCHAR(64), "approved_at" TIMESTAMP, "created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT NULL, "exported_at" TIMESTAMP);
CREATE TABLE "policy_default" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "role" VARCHAR(64) NOT NULL,
    "resource" VARCHAR(64) NOT NULL,
    "action" VARCHAR(64) NOT NULL,
    CONSTRAINT "uid_policy_defa_role_b579f5" UNIQUE ("role", "resource", "action")
);
CREATE TABLE "policy_version" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "version" INT NOT NULL
);
CREATE TABLE "quarterly_archive" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "jurisdiction_id" VARCHAR(6) NOT NULL,
    "year" INT NOT NULL,
    "quarter" INT NOT NULL,
    "request_count" INT NOT NULL,
    "generated_by" VARCHAR(64) NOT NULL,
    "generated_at" TIMESTAMP NOT NULL,
    "filed_at" TIMESTAMP NOT NULL,
    "filed_to_id" INT REFERENCES "service_window" ("id") ON DELETE RESTRICT,
    "report_id" CHAR(36) NOT NULL REFERENCES "report" ("id") ON DELETE RESTRICT,
    "window_id" INT NOT NULL REFERENCES "service_window" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_quarterly_a_window__73f4f5" UNIQUE ("window_id", "year", "quarter")
);
CREATE TABLE "recognition" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "number" VARCHAR(32) NOT NULL UNIQUE,
    "employer_id" INT,
    "status" VARCHAR(16) NOT NULL  /* COUNTY_REVIEW: COUNTY_REVIEW\nCITY_REVIEW: CITY_REVIEW\nPUBLICITY: PUBLICITY\nAPPROVED: APPROVED\nREJECTED: REJECTED\nWITHDRAWN: WITHDRAWN */,
    "basis" TEXT NOT NULL,
    "materials" JSON NOT NULL,
    "awards" JSON NOT NULL,
    "annual_salary_yuan" BIGINT,
    "employer_tax_yuan" BIGINT,
    "publicity_from" DATE,
    "publicity_until" DATE,
    "decided_at" TIMESTAMP,
    "card_id" INT,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "category_id" INT NOT NULL REFERENCES "talent_category" ("id") ON DELETE RESTRICT,
    "direct_rule_id" INT REFERENCES "direct_recognition_rule" ("id") ON DELETE SET NULL,
    "jurisdiction_id" VARCHAR(6) NOT NULL REFERENCES "jurisdiction" ("code") ON DELETE RESTRICT,
    "submitted_by_id" INT REFERENCES "app_user" ("id") ON DELETE SET NULL,
    "talent_id" INT NOT NULL REFERENCES "talent" ("id") ON DELETE RESTRICT
);
CREATE TABLE "recognition_objection" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "objector" VARCHAR(64) NOT NULL,
    "reason" TEXT NOT NULL,
    "status" VARCHAR(12) NOT NULL  /* OPEN: OPEN\nUPHELD: UPHELD\nDISMISSED: DISMISSED */,
    "resolution" TEXT,
    "resolved_by" VARCHAR(64),
    "created_at" TIMESTAMP NOT NULL,
    "resolved_at" TIMESTAMP,
    "recognition_id" INT NOT NULL REFERENCES "recognition" ("id") ON DELETE CASCADE
);
CREATE TABLE "recognition_step" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(24) NOT NULL,
    "decision" VARCHAR(8),
    "opinion" TEXT,
    "actor" VARCHAR(64) NOT NULL,
    "from_status" VARCHAR(16),
    "to_status" VARCHAR(16),
    "at" TIMESTAMP NOT NULL,
    "recognition_id" INT NOT NULL REFERENCES "recognition" ("id") ON DELETE CASCADE
);
CREATE TABLE "recovery" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "number" VARCHAR(32) NOT NULL UNIQUE,
    "policy_id" INT NOT NULL,
    "talent_id" INT NOT NULL,
    "jurisdiction_id" VARCHAR(6) NOT NULL,
    "employer_id" INT,
    "trigger" VARCHAR(16) NOT NULL,
    "reason" TEXT,
    "paid_fen" BIGINT NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "repaid_fen" BIGINT NOT NULL,
    "status" VARCHAR(16) NOT NULL  /* OPEN: OPEN\nSETTLED: SETTLED\nWRITTEN_OFF: WRITTEN_OFF */,
    "write_off_reason" TEXT,
    "opened_by" VARCHAR(64) NOT NULL,
    "closed_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "entitlement_id" INT NOT NULL REFERENCES "entitlement" ("id") ON DELETE RESTRICT
);
CREATE TABLE "repayment" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "paid_on" DATE NOT NULL,
    "reference" VARCHAR(64),
    "recorded_by" VARCHAR(64) NOT NULL,
    "at" TIMESTAMP NOT NULL,
    "recovery_id" INT NOT NULL REFERENCES "recovery" ("id") ON DELETE RESTRICT
);
CREATE TABLE "report" ("id" CHAR(36) NOT NULL  PRIMARY KEY, "kind" VARCHAR(24) NOT NULL, "owner_id" INT REFERENCES "app_user" ("id") ON DELETE CASCADE, "filename" VARCHAR(128) NOT NULL, "content_type" VARCHAR(128) NOT NULL, "content" BLOB NOT NULL, "row_count" INT NOT NULL, "created_at" TIMESTAMP NOT NULL, "expires_at" TIMESTAMP, "jurisdiction_id" VARCHAR(6));
CREATE TABLE "saved_view" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "connection" VARCHAR(64) NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "filter_input" JSON,
    "columns" JSON NOT NULL,
    "order_by" JSON,
    "shared_role" VARCHAR(32),
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "owner_id" INT NOT NULL REFERENCES "app_user" ("id") ON DELETE CASCADE,
    "shared_jurisdiction_id" VARCHAR(6) REFERENCES "jurisdiction" ("code") ON DELETE RESTRICT,
    CONSTRAINT "uid_saved_view_owner_i_3f4093" UNIQUE ("owner_id", "connection", "name")
);
CREATE TABLE "service_item" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "code" VARCHAR(64) NOT NULL,
    "version" INT NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "category" VARCHAR(24) NOT NULL  /* HOUSEHOLD: HOUSEHOLD\nSCHOOL: SCHOOL\nMEDICAL: MEDICAL\nSOCIAL_INSURANCE: SOCIAL_INSURANCE\nHOUSING: HOUSING\nFINANCE: FINANCE\nENTRY_EXIT: ENTRY_EXIT\nPROFESSIONAL_TITLE: PROFESSIONAL_TITLE\nSPOUSE_EMPLOYMENT: SPOUSE_EMPLOYMENT\nTAX: TAX\nCUSTOMS: CUSTOMS\nTRANSPORT: TRANSPORT\nTOURISM_FITNESS: TOURISM_FITNESS\nLEAVE_RECUPERATION: LEAVE_RECUPERATION\nOTHER: OTHER */,
    "mode" VARCHAR(16) NOT NULL  /* DIRECT: DIRECT\nAPPLICATION: APPLICATION */,
    "time_limit_workdays" INT,
    "policy_basis" TEXT,
    "description" TEXT,
    "materials" JSON NOT NULL,
    "status" VARCHAR(16) NOT NULL  /* DRAFT: DRAFT\nPUBLISHED: PUBLISHED\nRETIRED: RETIRED */,
    "effective_from" DATE,
    "effective_to" DATE,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "jurisdiction_id" VARCHAR(6) NOT NULL REFERENCES "jurisdiction" ("code") ON DELETE RESTRICT,
    CONSTRAINT "uid_service_ite_code_d0098c" UNIQUE ("code", "version")
);
CREATE TABLE "service_item_department" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "is_lead" INT NOT NULL,
    "department_id" INT NOT NULL REFERENCES "department" ("id") ON DELETE RESTRICT,
    "item_id" INT NOT NULL REFERENCES "service_item" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_service_ite_item_id_8e35bf" UNIQUE ("item_id", "department_id")
);
CREATE TABLE "service_item_tier" (
    "service_item_id" INT NOT NULL REFERENCES "service_item" ("id") ON DELETE CASCADE,
    "cardtier_id" INT NOT NULL REFERENCES "card_tier" ("id") ON DELETE CASCADE
);
CREATE TABLE "service_request" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "number" VARCHAR(32) NOT NULL UNIQUE,
    "employer_id" INT,
    "channel" VARCHAR(16) NOT NULL  /* WINDOW: WINDOW\nONLINE: ONLINE\nUNIT: UNIT */,
    "status" VARCHAR(24) NOT NULL  /* RECEIVED: RECEIVED\nDISPATCHED: DISPATCHED\nIN_PROGRESS: IN_PROGRESS\nCOMPLETED: COMPLETED\nPARTIALLY_REJECTED: PARTIALLY_REJECTED\nREJECTED: REJECTED\nWITHDRAWN: WITHDRAWN\nARCHIVED: ARCHIVED */,
    "note" TEXT,
    "received_at" TIMESTAMP NOT NULL,
    "due_on" DATE,
    "completed_at" TIMESTAMP,
    "withdrawn_at" TIMESTAMP,
    "updated_at" TIMESTAMP NOT NULL,
    "jurisdiction_id" VARCHAR(6) NOT NULL REFERENCES "jurisdiction" ("code") ON DELETE RESTRICT,
    "submitted_by_id" INT REFERENCES "app_user" ("id") ON DELETE SET NULL,
    "talent_id" INT NOT NULL REFERENCES "talent" ("id") ON DELETE RESTRICT,
    "window_id" INT REFERENCES "service_window" ("id") ON DELETE RESTRICT
, "completed_on" DATE, "on_time" INT, "workdays_taken" INT, "custom_fields" JSON NOT NULL DEFAULT '{}');
CREATE TABLE "service_request_item" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "materials" JSON NOT NULL,
    "served_at" TIMESTAMP,
    "item_id" INT NOT NULL REFERENCES "service_item" ("id") ON DELETE RESTRICT,
    "request_id" INT NOT NULL REFERENCES "service_request" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_service_req_request_8cc7af" UNIQUE ("request_id", "item_id")
);
CREATE TABLE "service_window" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "address" VARCHAR(256),
    "phone" VARCHAR(32),
    "created_at" TIMESTAMP NOT NULL,
    "jurisdiction_id" VARCHAR(6) NOT NULL REFERENCES "jurisdiction" ("code") ON DELETE RESTRICT,
    "parent_id" INT REFERENCES "service_window" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_service_win_jurisdi_554554" UNIQUE ("jurisdiction_id", "name")
);
CREATE TABLE "source" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(64) NOT NULL UNIQUE,
    "url" VARCHAR(512) NOT NULL,
    "token" VARCHAR(512) NOT NULL,
    "jurisdictions" JSON NOT NULL,
    "card_keys" JSON NOT NULL,
    "jurisdiction_id" VARCHAR(6) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "cursor" VARCHAR(64),
    "contract_version" VARCHAR(16),
    "failures" INT NOT NULL,
    "next_attempt_at" TIMESTAMP,
    "last_synced_at" TIMESTAMP,
    "lag_seconds" REAL NOT NULL,
    "error_count" INT NOT NULL,
    "last_error" VARCHAR(256),
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL
);
CREATE TABLE "source_error" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "jurisdiction_id" VARCHAR(6) NOT NULL,
    "code" VARCHAR(32) NOT NULL,
    "message" VARCHAR(256) NOT NULL,
    "kind" VARCHAR(16),
    "record_id" VARCHAR(64),
    "at" TIMESTAMP NOT NULL,
    "source_id" INT NOT NULL REFERENCES "source" ("id") ON DELETE CASCADE
);
CREATE TABLE "source_record" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "record_id" VARCHAR(64) NOT NULL,
    "key" VARCHAR(64),
    "holder_key" VARCHAR(64),
    "jurisdiction_code" VARCHAR(6),
    "city_code" VARCHAR(6),
    "status" VARCHAR(16),
    "class_code" VARCHAR(64),
    "started_on" DATE,
    "ended_on" DATE,
    "data" JSON NOT NULL,
    "deleted" INT NOT NULL,
    "changed_at" TIMESTAMP,
    "synced_at" TIMESTAMP NOT NULL,
    "source_id" INT NOT NULL REFERENCES "source" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_source_reco_source__709786" UNIQUE ("source_id", "kind", "record_id")
);
CREATE TABLE "specialist" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "name" VARCHAR(64) NOT NULL, "kind" VARCHAR(16) NOT NULL, "employer_id" INT REFERENCES "employer" ("id") ON DELETE RESTRICT, "department_id" INT REFERENCES "department" ("id") ON DELETE RESTRICT, "window_id" INT REFERENCES "service_window" ("id") ON DELETE RESTRICT, "jurisdiction_id" VARCHAR(6) NOT NULL REFERENCES "jurisdiction" ("code") ON DELETE RESTRICT, "office_phone" VARCHAR(32), "mobile" VARCHAR(20), "status" VARCHAR(16) NOT NULL, "user_id" INT REFERENCES "app_user" ("id") ON DELETE SET NULL, "created_at" TIMESTAMP NOT NULL, "filed_at" TIMESTAMP, "left_on" DATE);
CREATE TABLE "specialist_item" (
    "specialist_id" INT NOT NULL REFERENCES "specialist" ("id") ON DELETE CASCADE,
    "serviceitem_id" INT NOT NULL REFERENCES "service_item" ("id") ON DELETE CASCADE
);
CREATE TABLE "specialist_succession" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "jurisdiction_id" VARCHAR(6) NOT NULL,
    "department_id" INT,
    "window_id" INT,
    "employer_id" INT,
    "reason" TEXT NOT NULL,
    "status" VARCHAR(16) NOT NULL  /* NOMINATED: NOMINATED\nFILED: FILED\nREJECTED: REJECTED */,
    "nominated_by" VARCHAR(64) NOT NULL,
    "decided_by" VARCHAR(64),
    "decision_note" TEXT,
    "created_at" TIMESTAMP NOT NULL,
    "decided_at" TIMESTAMP,
    "specialist_id" INT NOT NULL REFERENCES "specialist" ("id") ON DELETE RESTRICT,
    "successor_id" INT NOT NULL REFERENCES "specialist" ("id") ON DELETE RESTRICT
);
CREATE TABLE "specialist_training" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "title" VARCHAR(128) NOT NULL,
    "held_on" DATE NOT NULL,
    "hours" VARCHAR(40) NOT NULL,
    "organiser" VARCHAR(128),
    "certificate" VARCHAR(64),
    "recorded_by" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "specialist_id" INT NOT NULL REFERENCES "specialist" ("id") ON DELETE CASCADE
);
CREATE TABLE "status_change" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "from_status" VARCHAR(24),
    "to_status" VARCHAR(24) NOT NULL,
    "actor" VARCHAR(64) NOT NULL,
    "note" TEXT,
    "at" TIMESTAMP NOT NULL,
    "handoff_id" INT REFERENCES "handoff" ("id") ON DELETE CASCADE,
    "request_id" INT NOT NULL REFERENCES "service_request" ("id") ON DELETE CASCADE
);
CREATE TABLE "supervision_record" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(16) NOT NULL  /* REMINDER: REMINDER\nOVERDUE: OVERDUE\nESCALATED: ESCALATED */,
    "jurisdiction_id" VARCHAR(6) NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMP NOT NULL,
    "handoff_id" INT NOT NULL REFERENCES "handoff" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_supervision_handoff_90335a" UNIQUE ("handoff_id", "kind")
);
CREATE TABLE "supervision_rollup" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "day" DATE NOT NULL,
    "kind" VARCHAR(10) NOT NULL,
    "jurisdiction_id" VARCHAR(6) NOT NULL,
    "unit_id" INT NOT NULL DEFAULT 0,
    "department_id" INT,
    "received" INT NOT NULL DEFAULT 0,
    "completed" INT NOT NULL DEFAULT 0,
    "on_time" INT NOT NULL DEFAULT 0,
    "late" INT NOT NULL DEFAULT 0,
    "workdays_total" INT NOT NULL DEFAULT 0,
    "workdays_counted" INT NOT NULL DEFAULT 0,
    "extended" INT NOT NULL DEFAULT 0,
    "extension_reports" INT NOT NULL DEFAULT 0,
    "rated_1" INT NOT NULL DEFAULT 0,
    "rated_2" INT NOT NULL DEFAULT 0,
    "rated_3" INT NOT NULL DEFAULT 0,
    "rated_4" INT NOT NULL DEFAULT 0,
    "rated_5" INT NOT NULL DEFAULT 0,
    CONSTRAINT "uid_supervision_day_513f59" UNIQUE ("day", "kind", "jurisdiction_id", "unit_id")
);
CREATE TABLE "talent" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "gender" VARCHAR(8) NOT NULL  /* MALE: MALE\nFEMALE: FEMALE */,
    "id_kind" VARCHAR(16) NOT NULL  /* RESIDENT_ID: RESIDENT_ID\nPASSPORT: PASSPORT */,
    "id_number" VARCHAR(32) NOT NULL UNIQUE,
    "nationality" VARCHAR(3) NOT NULL,
    "birth_date" DATE,
    "phone" VARCHAR(20),
    "address" VARCHAR(256),
    "education" VARCHAR(32),
    "degree" VARCHAR(32),
    "professional_title" VARCHAR(64),
    "skill_level" VARCHAR(32),
    "introduced_on" DATE,
    "status" VARCHAR(8) NOT NULL  /* ACTIVE: ACTIVE\nLEFT: LEFT */,
    "left_on" DATE,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "category_id" INT REFERENCES "talent_category" ("id") ON DELETE RESTRICT,
    "employer_id" INT REFERENCES "employer" ("id") ON DELETE RESTRICT,
    "jurisdiction_id" VARCHAR(6) NOT NULL REFERENCES "jurisdiction" ("code") ON DELETE RESTRICT
, "custom_fields" JSON NOT NULL DEFAULT '{}', "id_hash" VARCHAR(64));
CREATE TABLE "talent_category" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "code" VARCHAR(32) NOT NULL UNIQUE,
    "name" VARCHAR(64) NOT NULL,
    "ladder" VARCHAR(64) NOT NULL,
    "rank" INT NOT NULL,
    "description" TEXT,
    "jurisdiction_id" VARCHAR(6) NOT NULL REFERENCES "jurisdiction" ("code") ON DELETE RESTRICT
, "publicity_workdays" INT NOT NULL DEFAULT 5);
CREATE TABLE "talent_import" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "filename" VARCHAR(128) NOT NULL,
    "mode" VARCHAR(16) NOT NULL  /* ALL_OR_NOTHING: ALL_OR_NOTHING\nVALID_ROWS_ONLY: VALID_ROWS_ONLY */,
    "status" VARCHAR(8) NOT NULL  /* QUEUED: QUEUED\nRUNNING: RUNNING\nDONE: DONE\nFAILED: FAILED */,
    "content" BLOB,
    "total_rows" INT NOT NULL,
    "processed_rows" INT NOT NULL,
    "created_count" INT NOT NULL,
    "updated_count" INT NOT NULL,
    "error_count" INT NOT NULL,
    "error" TEXT,
    "report_id" CHAR(36),
    "created_at" TIMESTAMP NOT NULL,
    "finished_at" TIMESTAMP,
    "owner_id" INT NOT NULL REFERENCES "app_user" ("id") ON DELETE CASCADE
);
CREATE TABLE "tool" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "key" VARCHAR(40) NOT NULL,
    "version" INT NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "description" TEXT,
    "roles" VARCHAR(512) NOT NULL,
    "status" VARCHAR(16) NOT NULL  /* DRAFT: DRAFT\nPUBLISHED: PUBLISHED\nRETIRED: RETIRED */,
    "document" JSON NOT NULL,
    "is_template" INT NOT NULL,
    "template_key" VARCHAR(40),
    "template_version" INT,
    "needs_repair" INT NOT NULL,
    "repair_reason" TEXT,
    "repair_notified" INT NOT NULL,
    "created_by" VARCHAR(64) NOT NULL,
    "published_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "jurisdiction_id" VARCHAR(6) NOT NULL REFERENCES "jurisdiction" ("code") ON DELETE RESTRICT,
    "owner_id" VARCHAR(6) NOT NULL REFERENCES "jurisdiction" ("code") ON DELETE RESTRICT,
    CONSTRAINT "uid_tool_key_f94280" UNIQUE ("key", "version")
);
CREATE TABLE "tool_operation" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "text" TEXT NOT NULL,
    "path" VARCHAR(128) NOT NULL,
    "tool_id" INT NOT NULL REFERENCES "tool" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_tool_operat_tool_id_e61216" UNIQUE ("tool_id", "sha256")
);
CREATE TABLE "tortoise_migrations" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "app" VARCHAR(255) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "applied_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uid_tortoise_mi_app_3803a5" UNIQUE ("app", "name")
);
CREATE INDEX "idx_audit_event_actor_5deb69" ON "audit_event" ("actor", "id");
CREATE INDEX "idx_audit_event_target__d347cb" ON "audit_event" ("target_type", "target_id");
CREATE INDEX "idx_audit_event_operati_2aaef6" ON "audit_event" ("operation");
CREATE INDEX "idx_audit_event_at_500752" ON "audit_event" ("at");
CREATE INDEX "idx_audit_event_jurisdi_4d0b0f" ON "audit_event" ("jurisdiction_code");
CREATE INDEX "idx_casbin_rule_ptype_294aba" ON "casbin_rule" ("ptype", "v0");
CREATE INDEX "idx_jurisdictio_level_cf37fe" ON "jurisdiction" ("level", "code");
CREATE INDEX "idx_jurisdictio_name_18ab53" ON "jurisdiction" ("name");
CREATE INDEX "idx_department_name_8157e2" ON "department" ("name");
CREATE INDEX "idx_employer_name_78d702" ON "employer" ("name");
CREATE INDEX "idx_employer_industr_6d2676" ON "employer" ("industry");
CREATE INDEX "idx_talent_cate_ladder_7f847a" ON "talent_category" ("ladder", "rank");
CREATE UNIQUE INDEX "uidx_card_tier_c_card_ti_615188" ON "card_tier_category" ("card_tier_id", "talentcategory_id");
CREATE INDEX "idx_service_ite_jurisdi_71aa41" ON "service_item" ("jurisdiction_id", "id");
CREATE INDEX "idx_service_ite_categor_5fd48f" ON "service_item" ("category");
CREATE INDEX "idx_service_ite_status_c9e1af" ON "service_item" ("status");
CREATE INDEX "idx_service_ite_name_b4aa0f" ON "service_item" ("name");
CREATE UNIQUE INDEX "uidx_service_ite_service_0c02e7" ON "service_item_tier" ("service_item_id", "cardtier_id");
CREATE INDEX "idx_talent_jurisdi_7590bc" ON "talent" ("jurisdiction_id", "id");
CREATE INDEX "idx_talent_name_76cf26" ON "talent" ("name", "id");
CREATE INDEX "idx_talent_status_fc83e1" ON "talent" ("status");
CREATE INDEX "idx_talent_introdu_02c5b8" ON "talent" ("introduced_on");
CREATE INDEX "idx_talent_created_34e10f" ON "talent" ("created_at");
CREATE INDEX "idx_card_holder__40959b" ON "card" ("holder_id", "status");
CREATE INDEX "idx_card_jurisdi_1bf2d1" ON "card" ("jurisdiction_id", "id");
CREATE INDEX "idx_card_expires_951246" ON "card" ("expires_on");
CREATE UNIQUE INDEX "uidx_specialist__special_833028" ON "specialist_item" ("specialist_id", "serviceitem_id");
CREATE INDEX "idx_api_token_created_ee6b59" ON "api_token" ("created_by_id");
CREATE INDEX "idx_card_program_842bea" ON "card" ("programme_id");
CREATE INDEX "idx_card_status_1303f2" ON "card" ("status");
CREATE INDEX "idx_card_issued__ecd2bd" ON "card" ("issued_on");
CREATE INDEX "idx_card_tier_id_bd6558" ON "card" ("tier_id");
CREATE INDEX "idx_card_progra_jurisdi_354aef" ON "card_programme" ("jurisdiction_id");
CREATE INDEX "idx_card_progra_name_93e817" ON "card_programme" ("name");
CREATE INDEX "idx_department_channel_e4b513" ON "department" ("channel");
CREATE INDEX "idx_employer_jurisdi_50f2be" ON "employer" ("jurisdiction_id", "id");
CREATE INDEX "idx_employer_credit__293d38" ON "employer" ("credit_code");
CREATE INDEX "idx_employer_kind_13ed62" ON "employer" ("kind");
CREATE INDEX "idx_family_memb_talent__312fc2" ON "family_member" ("talent_id");
CREATE INDEX "idx_jurisdictio_parent__1b8d9f" ON "jurisdiction" ("parent_id");
CREATE INDEX "idx_service_ite_mode_00cce8" ON "service_item" ("mode");
CREATE INDEX "idx_service_ite_time_li_cf43bc" ON "service_item" ("time_limit_workdays");
CREATE INDEX "idx_service_ite_departm_664fb5" ON "service_item_department" ("department_id");
CREATE INDEX "idx_service_win_parent__0c16e5" ON "service_window" ("parent_id");
CREATE INDEX "idx_service_win_name_c3e6b4" ON "service_window" ("name");
CREATE INDEX "idx_talent_updated_e17712" ON "talent" ("updated_at");
CREATE INDEX "idx_talent_employe_e84b64" ON "talent" ("employer_id", "id");
CREATE INDEX "idx_talent_categor_3572f0" ON "talent" ("category_id");
CREATE INDEX "idx_talent_jurisdi_23e620" ON "talent" ("jurisdiction_id", "status");
CREATE INDEX "idx_talent_educati_917777" ON "talent" ("education");
CREATE INDEX "idx_talent_gender_9954d5" ON "talent" ("gender");
CREATE INDEX "idx_talent_cate_jurisdi_716e16" ON "talent_category" ("jurisdiction_id");
CREATE INDEX "idx_talent_cate_rank_072c88" ON "talent_category" ("rank");
CREATE INDEX "idx_talent_cate_name_82cb01" ON "talent_category" ("name");
CREATE INDEX "idx_app_user_talent__19608d" ON "app_user" ("talent_id");
CREATE INDEX "idx_calendar_da_kind_d96dd6" ON "calendar_day" ("kind");
CREATE INDEX "idx_notificatio_recipie_ec01ad" ON "notification" ("recipient_id", "id");
CREATE INDEX "idx_notificatio_status_5b3cdf" ON "notification" ("status", "created_at");
CREATE INDEX "idx_notificatio_related_3279a3" ON "notification" ("related_type", "related_id");
CREATE INDEX "idx_outbox_entr_status_1e322e" ON "outbox_entry" ("status", "created_at");
CREATE INDEX "idx_service_req_jurisdi_384465" ON "service_request" ("jurisdiction_id", "id");
CREATE INDEX "idx_service_req_talent__409982" ON "service_request" ("talent_id", "id");
CREATE INDEX "idx_service_req_employe_afd9ee" ON "service_request" ("employer_id");
CREATE INDEX "idx_service_req_window__175341" ON "service_request" ("window_id");
CREATE INDEX "idx_service_req_receive_95f56b" ON "service_request" ("received_at");
CREATE INDEX "idx_service_req_due_on_7fdc87" ON "service_request" ("due_on");
CREATE INDEX "idx_service_req_channel_5b2c22" ON "service_request" ("channel");
CREATE INDEX "idx_archive_ent_talent__88ab01" ON "archive_entry" ("talent_id", "id");
CREATE INDEX "idx_archive_ent_jurisdi_8904d3" ON "archive_entry" ("jurisdiction_id", "created_at");
CREATE INDEX "idx_evaluation_score_e188b7" ON "evaluation" ("score");
CREATE INDEX "idx_handoff_departm_9326d6" ON "handoff" ("department_id", "status");
CREATE INDEX "idx_handoff_jurisdi_97de5b" ON "handoff" ("jurisdiction_id", "id");
CREATE INDEX "idx_handoff_talent__84aec4" ON "handoff" ("talent_id");
CREATE INDEX "idx_handoff_employe_01bf65" ON "handoff" ("employer_id");
CREATE INDEX "idx_handoff_due_on_2c65cc" ON "handoff" ("due_on");
CREATE INDEX "idx_handoff_item_id_bd2fd3" ON "handoff" ("item_id");
CREATE INDEX "idx_handoff_created_f2be50" ON "handoff" ("created_at");
CREATE INDEX "idx_appointment_handoff_ee7536" ON "appointment" ("handoff_id");
CREATE INDEX "idx_appointment_at_51bbb8" ON "appointment" ("at");
CREATE INDEX "idx_handoff_ext_handoff_573479" ON "handoff_extension" ("handoff_id");
CREATE INDEX "idx_service_req_item_id_b56a59" ON "service_request_item" ("item_id");
CREATE INDEX "idx_status_chan_request_858599" ON "status_change" ("request_id", "id");
CREATE INDEX "idx_status_chan_handoff_4b96db" ON "status_change" ("handoff_id");
CREATE INDEX "idx_supervision_jurisdi_f73572" ON "supervision_record" ("jurisdiction_id", "created_at");
CREATE INDEX "idx_supervision_kind_afcd3c" ON "supervision_record" ("kind");
CREATE INDEX "idx_card_event_card_id_05ea21" ON "card_event" ("card_id", "id");
CREATE INDEX "idx_card_event_kind_6694de" ON "card_event" ("kind", "card_id");
CREATE INDEX "idx_card_revoca_jurisdi_6d3437" ON "card_revocation" ("jurisdiction_id", "id");
CREATE INDEX "idx_card_revoca_card_id_50188c" ON "card_revocation" ("card_id", "status");
CREATE INDEX "idx_card_revoca_employe_b41339" ON "card_revocation" ("employer_id");
CREATE INDEX "idx_card_revoca_status_4f0161" ON "card_revocation" ("status");
CREATE INDEX "idx_card_revoca_hr_depa_1ce150" ON "card_revocation" ("hr_department_id");
CREATE INDEX "idx_card_revoca_talent__80c3ba" ON "card_revocation" ("talent_id");
CREATE INDEX "idx_card_revoca_revocat_314c92" ON "card_revocation_step" ("revocation_id", "id");
CREATE INDEX "idx_direct_reco_jurisdi_b27732" ON "direct_recognition_rule" ("jurisdiction_id", "id");
CREATE INDEX "idx_direct_reco_categor_360853" ON "direct_recognition_rule" ("category_id");
CREATE INDEX "idx_direct_reco_kind_d38caf" ON "direct_recognition_rule" ("kind");
CREATE INDEX "idx_recognition_jurisdi_3f0c7f" ON "recognition" ("jurisdiction_id", "id");
CREATE INDEX "idx_recognition_talent__af2d9b" ON "recognition" ("talent_id", "status");
CREATE INDEX "idx_recognition_employe_17028e" ON "recognition" ("employer_id");
CREATE INDEX "idx_recognition_categor_d60a4c" ON "recognition" ("category_id");
CREATE INDEX "idx_recognition_status_5f9adf" ON "recognition" ("status", "publicity_until");
CREATE INDEX "idx_recognition_created_e18cad" ON "recognition" ("created_at");
CREATE INDEX "idx_recognition_recogni_0f3834" ON "recognition_objection" ("recognition_id", "status");
CREATE INDEX "idx_recognition_recogni_71c99e" ON "recognition_step" ("recognition_id", "id");
CREATE INDEX "idx_talent_impo_owner_i_1c10e2" ON "talent_import" ("owner_id", "id");
CREATE INDEX "idx_talent_impo_status_b9b716" ON "talent_import" ("status");
CREATE INDEX "idx_department_jurisdi_c6eeb4" ON "department" ("jurisdiction_id", "function");
CREATE INDEX "idx_complaint_jurisdi_c02023" ON "complaint" ("jurisdiction_id", "id");
CREATE INDEX "idx_complaint_jurisdi_d80970" ON "complaint" ("jurisdiction_id", "created_at");
CREATE INDEX "idx_complaint_departm_35fea9" ON "complaint" ("department_id", "status");
CREATE INDEX "idx_complaint_window__671703" ON "complaint" ("window_id", "status");
CREATE INDEX "idx_complaint_special_37046c" ON "complaint" ("specialist_id");
CREATE INDEX "idx_complaint_talent__9fa5ed" ON "complaint" ("talent_id", "id");
CREATE INDEX "idx_complaint_request_f6b6a8" ON "complaint" ("request_id");
CREATE INDEX "idx_complaint_status_fa26ee" ON "complaint" ("status", "due_on");
CREATE INDEX "idx_complaint_kind_ace006" ON "complaint" ("kind", "status");
CREATE INDEX "idx_complaint_created_dbb715" ON "complaint" ("created_at");
CREATE INDEX "idx_complaint_s_complai_9a97ea" ON "complaint_step" ("complaint_id", "id");
CREATE INDEX "idx_dedicated_a_talent__60fc11" ON "dedicated_assignment" ("talent_id", "id");
CREATE INDEX "idx_dedicated_a_special_53271f" ON "dedicated_assignment" ("specialist_id", "ended_at");
CREATE INDEX "idx_dedicated_a_jurisdi_6fe4e0" ON "dedicated_assignment" ("jurisdiction_id", "id");
CREATE INDEX "idx_quarterly_a_jurisdi_93ee6f" ON "quarterly_archive" ("jurisdiction_id", "id");
CREATE INDEX "idx_quarterly_a_year_a7c38e" ON "quarterly_archive" ("year", "quarter");
CREATE INDEX "idx_specialist__jurisdi_826087" ON "specialist_succession" ("jurisdiction_id", "id");
CREATE INDEX "idx_specialist__special_13216c" ON "specialist_succession" ("specialist_id", "status");
CREATE INDEX "idx_specialist__success_75d14b" ON "specialist_succession" ("successor_id");
CREATE INDEX "idx_specialist__departm_ca1057" ON "specialist_succession" ("department_id");
CREATE INDEX "idx_specialist__employe_93fa13" ON "specialist_succession" ("employer_id");
CREATE INDEX "idx_specialist__status_6331bc" ON "specialist_succession" ("status");
CREATE INDEX "idx_specialist__special_b81c77" ON "specialist_training" ("specialist_id", "held_on");
CREATE UNIQUE INDEX "uid_audit_event_seq_2be705" ON "audit_event" ("seq");
CREATE INDEX "idx_audit_event_seq_e4e15b" ON "audit_event" ("seq", "id");
CREATE INDEX "idx_evaluation_created_f486d7" ON "evaluation" ("created_at");
CREATE INDEX "idx_handoff_departm_6583c4" ON "handoff" ("department_id", "created_at");
CREATE INDEX "idx_handoff_handler_c8b81a" ON "handoff" ("handler_id", "created_at");
CREATE INDEX "idx_handoff_jurisdi_dbaa95" ON "handoff" ("jurisdiction_id", "created_at");
CREATE INDEX "idx_service_req_jurisdi_ec0b4a" ON "service_request" ("jurisdiction_id", "received_at");
CREATE INDEX "idx_service_req_window__093d47" ON "service_request" ("window_id", "received_at");
CREATE INDEX "idx_service_req_submitt_ebb8db" ON "service_request" ("submitted_by_id", "received_at");
CREATE INDEX "idx_specialist_jurisdi_9b588a" ON "specialist" ("jurisdiction_id", "id");
CREATE INDEX "idx_specialist_kind_4397c2" ON "specialist" ("kind", "status");
CREATE INDEX "idx_specialist_departm_c318f0" ON "specialist" ("department_id");
CREATE INDEX "idx_specialist_window__ad1d89" ON "specialist" ("window_id");
CREATE INDEX "idx_specialist_employe_abbad6" ON "specialist" ("employer_id");
CREATE INDEX "idx_specialist_name_f957a8" ON "specialist" ("name");
CREATE INDEX "idx_specialist_status_fcdacf" ON "specialist" ("status");
CREATE INDEX "idx_local_calen_day_3a947f" ON "local_calendar_day" ("day");
CREATE INDEX "idx_login_throt_account_e061f6" ON "login_throttle" ("account");
CREATE INDEX "idx_login_throt_last_fa_693df2" ON "login_throttle" ("last_failure_at");
CREATE INDEX "idx_talent_phone_231543" ON "talent" ("phone");
CREATE INDEX "idx_app_user_jurisdi_b41393" ON "app_user" ("jurisdiction_id", "id");
CREATE INDEX "idx_app_user_departm_1708d1" ON "app_user" ("department_id");
CREATE INDEX "idx_app_user_created_000ee6" ON "app_user" ("created_at");
CREATE INDEX "idx_tool_jurisdi_4ffcf0" ON "tool" ("jurisdiction_id", "id");
CREATE INDEX "idx_tool_status_ef0dca" ON "tool" ("status");
CREATE INDEX "idx_tool_templat_68971a" ON "tool" ("template_key", "status");
CREATE INDEX "idx_tool_name_5f5703" ON "tool" ("name");
CREATE INDEX "idx_custom_fiel_target__81ea63" ON "custom_field_definition" ("target_type", "key");
CREATE INDEX "idx_custom_fiel_jurisdi_eba393" ON "custom_field_definition" ("jurisdiction_id", "target_type");
CREATE INDEX "idx_saved_view_connect_6c1cfd" ON "saved_view" ("connection", "shared_role", "shared_jurisdiction_id");
CREATE INDEX "idx_supervision_kind_e6609a" ON "supervision_rollup" ("kind", "jurisdiction_id", "day");
CREATE INDEX "idx_handoff_status_e71f42" ON "handoff" ("status", "due_on", "jurisdiction_id", "department_id", "handler_id", "created_at", "id");
CREATE INDEX "idx_service_req_status_f6bcef" ON "service_request" ("status", "due_on", "jurisdiction_id", "window_id", "received_at", "id");
CREATE INDEX "idx_change_feed_txid_34215a" ON "change_feed" ("txid", "id");
CREATE INDEX "idx_change_feed_jurisdi_25af03" ON "change_feed" ("jurisdiction_id", "txid", "id");
CREATE INDEX "idx_change_feed_kind_0e2705" ON "change_feed" ("kind", "record_id");
CREATE TRIGGER "talent_change_feed_insert" AFTER INSERT ON "talent" BEGIN INSERT INTO change_feed (kind, record_id, key, op, jurisdiction_id, txid, at) VALUES ('TALENT', NEW.id, NULL, 'UPSERT', NEW.jurisdiction_id, 0, strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')); END;
CREATE TRIGGER "employer_change_feed_insert" AFTER INSERT ON "employer" BEGIN INSERT INTO change_feed (kind, record_id, key, op, jurisdiction_id, txid, at) VALUES ('EMPLOYER', NEW.id, NULL, 'UPSERT', NEW.jurisdiction_id, 0, strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')); END;
CREATE TRIGGER "employer_change_feed_update" AFTER UPDATE ON "employer" BEGIN INSERT INTO change_feed (kind, record_id, key, op, jurisdiction_id, txid, at) VALUES ('EMPLOYER', NEW.id, NULL, 'UPSERT', NEW.jurisdiction_id, 0, strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')); END;
CREATE TRIGGER "employer_change_feed_delete" AFTER DELETE ON "employer" BEGIN INSERT INTO change_feed (kind, record_id, key, op, jurisdiction_id, txid, at) VALUES ('EMPLOYER', OLD.id, OLD."credit_code", 'DELETE', OLD.jurisdiction_id, 0, strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')); END;
CREATE TRIGGER "card_change_feed_insert" AFTER INSERT ON "card" BEGIN INSERT INTO change_feed (kind, record_id, key, op, jurisdiction_id, txid, at) VALUES ('CARD', NEW.id, NULL, 'UPSERT', NEW.jurisdiction_id, 0, strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')); END;
CREATE TRIGGER "card_change_feed_update" AFTER UPDATE ON "card" BEGIN INSERT INTO change_feed (kind, record_id, key, op, jurisdiction_id, txid, at) VALUES ('CARD', NEW.id, NULL, 'UPSERT', NEW.jurisdiction_id, 0, strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')); END;
CREATE TRIGGER "card_change_feed_delete" AFTER DELETE ON "card" BEGIN INSERT INTO change_feed (kind, record_id, key, op, jurisdiction_id, txid, at) VALUES ('CARD', OLD.id, OLD."number", 'DELETE', OLD.jurisdiction_id, 0, strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')); END;
CREATE TRIGGER "recognition_change_feed_insert" AFTER INSERT ON "recognition" BEGIN INSERT INTO change_feed (kind, record_id, key, op, jurisdiction_id, txid, at) VALUES ('RECOGNITION', NEW.id, NULL, 'UPSERT', NEW.jurisdiction_id, 0, strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')); END;
CREATE TRIGGER "recognition_change_feed_update" AFTER UPDATE ON "recognition" BEGIN INSERT INTO change_feed (kind, record_id, key, op, jurisdiction_id, txid, at) VALUES ('RECOGNITION', NEW.id, NULL, 'UPSERT', NEW.jurisdiction_id, 0, strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')); END;
CREATE TRIGGER "recognition_change_feed_delete" AFTER DELETE ON "recognition" BEGIN INSERT INTO change_feed (kind, record_id, key, op, jurisdiction_id, txid, at) VALUES ('RECOGNITION', OLD.id, OLD."number", 'DELETE', OLD.jurisdiction_id, 0, strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')); END;
CREATE TRIGGER "service_request_change_feed_insert" AFTER INSERT ON "service_request" BEGIN INSERT INTO change_feed (kind, record_id, key, op, jurisdiction_id, txid, at) VALUES ('SERVICE_REQUEST', NEW.id, NULL, 'UPSERT', NEW.jurisdiction_id, 0, strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')); END;
CREATE TRIGGER "service_request_change_feed_update" AFTER UPDATE ON "service_request" BEGIN INSERT INTO change_feed (kind, record_id, key, op, jurisdiction_id, txid, at) VALUES ('SERVICE_REQUEST', NEW.id, NULL, 'UPSERT', NEW.jurisdiction_id, 0, strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')); END;
CREATE TRIGGER "service_request_change_feed_delete" AFTER DELETE ON "service_request" BEGIN INSERT INTO change_feed (kind, record_id, key, op, jurisdiction_id, txid, at) VALUES ('SERVICE_REQUEST', OLD.id, OLD."number", 'DELETE', OLD.jurisdiction_id, 0, strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')); END;
CREATE TRIGGER "handoff_change_feed_insert" AFTER INSERT ON "handoff" BEGIN INSERT INTO change_feed (kind, record_id, key, op, jurisdiction_id, txid, at) VALUES ('HANDOFF', NEW.id, NULL, 'UPSERT', NEW.jurisdiction_id, 0, strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')); END;
CREATE TRIGGER "handoff_change_feed_update" AFTER UPDATE ON "handoff" BEGIN INSERT INTO change_feed (kind, record_id, key, op, jurisdiction_id, txid, at) VALUES ('HANDOFF', NEW.id, NULL, 'UPSERT', NEW.jurisdiction_id, 0, strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')); END;
CREATE TRIGGER "handoff_change_feed_delete" AFTER DELETE ON "handoff" BEGIN INSERT INTO change_feed (kind, record_id, key, op, jurisdiction_id, txid, at) VALUES ('HANDOFF', OLD.id, NULL, 'DELETE', OLD.jurisdiction_id, 0, strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')); END;
CREATE INDEX "idx_source_jurisdi_904977" ON "source" ("jurisdiction_id", "id");
CREATE INDEX "idx_source_erro_source__096d8b" ON "source_error" ("source_id", "id");
CREATE INDEX "idx_source_reco_kind_fb9e2a" ON "source_record" ("kind", "key");
CREATE INDEX "idx_source_reco_kind_83cf6f" ON "source_record" ("kind", "holder_key");
CREATE INDEX "idx_source_reco_kind_0c2fca" ON "source_record" ("kind", "jurisdiction_code", "id");
CREATE INDEX "idx_source_reco_kind_bcecbf" ON "source_record" ("kind", "city_code", "started_on");
CREATE INDEX "idx_source_reco_kind_57fdde" ON "source_record" ("kind", "city_code", "ended_on");
CREATE INDEX "idx_talent_id_hash_31113f" ON "talent" ("id_hash");
CREATE TRIGGER "talent_change_feed_update" AFTER UPDATE ON "talent"
  WHEN OLD.id_hash IS NEW.id_hash OR OLD.id_number IS NOT NEW.id_number BEGIN
  INSERT INTO change_feed (kind, record_id, key, op, jurisdiction_id, txid, at) VALUES ('TALENT', NEW.id, NULL, 'UPSERT', NEW.jurisdiction_id, 0, strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')); END;
CREATE TRIGGER "talent_change_feed_delete" AFTER DELETE ON "talent" BEGIN
  INSERT INTO change_feed (kind, record_id, key, op, jurisdiction_id, txid, at) VALUES ('TALENT', OLD.id, OLD.id_hash, 'DELETE', OLD.jurisdiction_id, 0, strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')); END;
CREATE TRIGGER "talent_id_hash_clear" AFTER UPDATE OF id_number ON "talent"
  WHEN OLD.id_number IS NOT NEW.id_number AND OLD.id_hash IS NEW.id_hash AND NEW.id_hash IS NOT NULL BEGIN
  UPDATE talent SET id_hash = NULL WHERE id = NEW.id; END;
CREATE INDEX "idx_fund_applic_jurisdi_58d877" ON "fund_application" ("jurisdiction_id", "id");
CREATE INDEX "idx_fund_applic_talent__98df8f" ON "fund_application" ("talent_id", "policy_id");
CREATE INDEX "idx_fund_applic_policy__dc4737" ON "fund_application" ("policy_id", "status");
CREATE INDEX "idx_fund_applic_status_64148d" ON "fund_application" ("status");
CREATE INDEX "idx_fund_applic_employe_a6e6ab" ON "fund_application" ("employer_id");
CREATE INDEX "idx_fund_applic_created_96895f" ON "fund_application" ("created_at");
CREATE INDEX "idx_fund_applic_applica_6f2fb5" ON "fund_application_step" ("application_id", "id");
CREATE INDEX "idx_grassroots__jurisdi_854a13" ON "grassroots_expert" ("jurisdiction_id", "id");
CREATE INDEX "idx_grassroots__year_0ea861" ON "grassroots_expert" ("year", "jurisdiction_id");
CREATE INDEX "idx_grassroots__talent__4fa43e" ON "grassroots_expert" ("talent_id");
CREATE INDEX "idx_grassroots__jurisdi_2f7674" ON "grassroots_service" ("jurisdiction_id", "id");
CREATE INDEX "idx_grassroots__area_ju_c9c5a4" ON "grassroots_service" ("area_jurisdiction_id", "id");
CREATE INDEX "idx_grassroots__expert__595c65" ON "grassroots_service" ("expert_id");
CREATE INDEX "idx_grassroots__year_5b4116" ON "grassroots_service" ("year", "status");
CREATE INDEX "idx_grassroots__talent__f3f12b" ON "grassroots_service" ("talent_id");
CREATE INDEX "idx_grassroots__payment_28ef61" ON "grassroots_service" ("payment_id");
CREATE INDEX "idx_recovery_jurisdi_40c70b" ON "recovery" ("jurisdiction_id", "id");
CREATE INDEX "idx_recovery_talent__838a94" ON "recovery" ("talent_id");
CREATE INDEX "idx_recovery_policy__11cbbc" ON "recovery" ("policy_id");
CREATE INDEX "idx_recovery_entitle_7b92b9" ON "recovery" ("entitlement_id");
CREATE INDEX "idx_recovery_status_3015de" ON "recovery" ("status");
CREATE INDEX "idx_recovery_employe_e3bcce" ON "recovery" ("employer_id");
CREATE INDEX "idx_repayment_recover_0b1604" ON "repayment" ("recovery_id", "id");
CREATE INDEX "idx_entitlement_jurisdi_e9bd79" ON "entitlement" ("jurisdiction_id", "id");
CREATE INDEX "idx_entitlement_talent__144508" ON "entitlement" ("talent_id", "policy_code");
CREATE INDEX "idx_entitlement_policy__dc5ac6" ON "entitlement" ("policy_id", "status");
CREATE INDEX "idx_entitlement_status_bd94c1" ON "entitlement" ("status");
CREATE INDEX "idx_entitlement_employe_9e4cc8" ON "entitlement" ("employer_id");
CREATE INDEX "idx_fund_policy_jurisdi_e0d3d4" ON "fund_policy" ("jurisdiction_id", "id");
CREATE INDEX "idx_fund_policy_status_7f9412" ON "fund_policy" ("status");
CREATE INDEX "idx_fund_policy_name_363592" ON "fund_policy" ("name");
CREATE INDEX "idx_fund_policy_schedul_80a172" ON "fund_policy" ("schedule");
CREATE INDEX "idx_payment_bat_jurisdi_471402" ON "payment_batch" ("jurisdiction_id", "id");
CREATE INDEX "idx_payment_bat_jurisdi_80896f" ON "payment_batch" ("jurisdiction_id", "period");
CREATE INDEX "idx_payment_bat_status_190e33" ON "payment_batch" ("status");
CREATE INDEX "idx_report_owner_i_569e47" ON "report" ("owner_id", "created_at");
CREATE INDEX "idx_report_expires_3b940e" ON "report" ("expires_at");
CREATE INDEX "idx_report_jurisdi_82c8c3" ON "report" ("jurisdiction_id");
CREATE INDEX "idx_payment_jurisdi_cd2661" ON "payment" ("jurisdiction_id", "id");
CREATE INDEX "idx_payment_batch_i_bd9521" ON "payment" ("batch_id", "id");
CREATE INDEX "idx_payment_talent__fc4841" ON "payment" ("talent_id");
CREATE INDEX "idx_payment_policy__893075" ON "payment" ("policy_id", "period");
CREATE INDEX "idx_payment_status_9811c6" ON "payment" ("status");
CREATE UNIQUE INDEX "payment_live_installment" ON "payment" ("entitlement_id", "period") WHERE "status" <> 'FAILED';
CREATE INDEX "idx_ledger_entr_jurisdi_42f986" ON "ledger_entry" ("jurisdiction_id", "id");
CREATE INDEX "idx_ledger_entr_talent__c76547" ON "ledger_entry" ("talent_id");
CREATE INDEX "idx_ledger_entr_policy__81ea9c" ON "ledger_entry" ("policy_id");
CREATE INDEX "idx_ledger_entr_payment_974c3b" ON "ledger_entry" ("payment_id");
CREATE INDEX "idx_idempotency_created_98dcfd" ON "idempotency_key" ("created_at");
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('specialist',0);
INSERT INTO "sqlite_sequence" VALUES('change_feed',0);
INSERT INTO "sqlite_sequence" VALUES('entitlement',0);
INSERT INTO "sqlite_sequence" VALUES('fund_policy',0);
INSERT INTO "sqlite_sequence" VALUES('payment_batch',0);
INSERT INTO "sqlite_sequence" VALUES('payment',0);
INSERT INTO "sqlite_sequence" VALUES('ledger_entry',0);
COMMIT;
