-- The end state of these migrations (schema/snapshot.py); do not edit.
-- migrations: models.0001_initial models.0002_filter_indexes models.0003_policy_defaults models.0004_service_requests models.0005_recognition_cards_files models.0006_specialists_supervision_complaints models.0007_backfill_completion_figures models.0008_security_hardening models.0009_policy_admin_to_platform models.0010_user_places_and_phone_lookup models.0011_backfill_user_places models.0012_lowcode_tools models.0013_custom_fields models.0014_saved_views models.0015_token_limits models.0016_supervision_rollups models.0017_overdue_index_only models.0018_change_feed models.0019_province_store models.0020_fund_policies models.0021_fund_applications models.0022_fund_payments models.0023_fund_settlement_recovery_grassroots models.0024_payment_reissue models.0025_ledger_entitlements models.0026_idempotency_keys
CREATE FUNCTION public.change_feed_write() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
  row_data jsonb;
BEGIN
  IF TG_OP = 'DELETE' THEN row_data := to_jsonb(OLD); ELSE row_data := to_jsonb(NEW); END IF;
  INSERT INTO change_feed (kind, record_id, key, op, jurisdiction_id, txid, at)
  VALUES (TG_ARGV[0], (row_data->>'id')::bigint,
          CASE WHEN TG_OP = 'DELETE' AND TG_ARGV[1] <> '' THEN row_data->>TG_ARGV[1] END,
          CASE WHEN TG_OP = 'DELETE' THEN 'DELETE' ELSE 'UPSERT' END,
          row_data->>'jurisdiction_id', pg_current_xact_id()::text::bigint, now());
  RETURN NULL;
END $$;
CREATE FUNCTION public.talent_id_hash_clear() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  NEW.id_hash := NULL;
  RETURN NEW;
END $$;
CREATE TABLE public.api_token (
    id integer NOT NULL,
    name character varying(64) NOT NULL,
    token_hash character varying(64) NOT NULL,
    prefix character varying(16) NOT NULL,
    role character varying(32) NOT NULL,
    scope character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_on date NOT NULL,
    revoked_at timestamp with time zone,
    last_used_at timestamp with time zone,
    created_by_id integer NOT NULL,
    read_only boolean DEFAULT false NOT NULL,
    operations jsonb
);
CREATE SEQUENCE public.api_token_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.api_token_id_seq OWNED BY public.api_token.id;
CREATE TABLE public.app_user (
    id integer NOT NULL,
    username character varying(64) NOT NULL,
    password_hash character varying(256) NOT NULL,
    display_name character varying(64),
    is_active boolean NOT NULL,
    failed_logins integer NOT NULL,
    locked_until timestamp with time zone,
    last_login_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    talent_id integer,
    department_id integer,
    jurisdiction_id character varying(6)
);
CREATE SEQUENCE public.app_user_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.app_user_id_seq OWNED BY public.app_user.id;
CREATE TABLE public.appointment (
    id integer NOT NULL,
    purpose character varying(256) NOT NULL,
    at timestamp with time zone NOT NULL,
    place character varying(256) NOT NULL,
    created_by character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    handoff_id integer NOT NULL
);
CREATE SEQUENCE public.appointment_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.appointment_id_seq OWNED BY public.appointment.id;
CREATE TABLE public.archive_entry (
    id integer NOT NULL,
    jurisdiction_id character varying(6) NOT NULL,
    summary text NOT NULL,
    results jsonb NOT NULL,
    created_at timestamp with time zone NOT NULL,
    talent_id integer NOT NULL,
    request_id integer NOT NULL
);
CREATE SEQUENCE public.archive_entry_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.archive_entry_id_seq OWNED BY public.archive_entry.id;
CREATE TABLE public.audit_event (
    id bigint NOT NULL,
    at timestamp with time zone NOT NULL,
    actor character varying(64) NOT NULL,
    token_id integer,
    operation character varying(64) NOT NULL,
    target_type character varying(32) NOT NULL,
    target_id character varying(64),
    jurisdiction_code character varying(6),
    before jsonb,
    after jsonb,
    client_address character varying(64),
    request_id character varying(64),
    hash character varying(64),
    prev_hash character varying(64),
    seq bigint
);
CREATE SEQUENCE public.audit_event_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.audit_event_id_seq OWNED BY public.audit_event.id;
CREATE TABLE public.calendar_day (
    day date NOT NULL,
    kind character varying(8) NOT NULL,
    name character varying(64),
    created_by character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL
);
COMMENT ON COLUMN public.calendar_day.kind IS 'HOLIDAY: HOLIDAY\nWORKDAY: WORKDAY';
CREATE TABLE public.card (
    id integer NOT NULL,
    number character varying(32) NOT NULL,
    issued_on date NOT NULL,
    expires_on date NOT NULL,
    status character varying(16) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    holder_id integer NOT NULL,
    jurisdiction_id character varying(6) NOT NULL,
    programme_id integer NOT NULL,
    tier_id integer NOT NULL,
    recognition_id integer,
    status_changed_at timestamp with time zone,
    superseded_by_id integer
);
COMMENT ON COLUMN public.card.status IS 'ACTIVE: ACTIVE\nSUSPENDED: SUSPENDED\nREVOKED: REVOKED\nEXPIRED: EXPIRED\nSUPERSEDED: SUPERSEDED';
CREATE TABLE public.card_event (
    id bigint NOT NULL,
    kind character varying(24) NOT NULL,
    actor character varying(64) NOT NULL,
    reason text,
    data jsonb NOT NULL,
    at timestamp with time zone NOT NULL,
    card_id integer NOT NULL
);
CREATE SEQUENCE public.card_event_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.card_event_id_seq OWNED BY public.card_event.id;
CREATE SEQUENCE public.card_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.card_id_seq OWNED BY public.card.id;
CREATE TABLE public.card_programme (
    id integer NOT NULL,
    code character varying(32) NOT NULL,
    name character varying(64) NOT NULL,
    validity_years integer NOT NULL,
    description text,
    jurisdiction_id character varying(6) NOT NULL,
    number_prefix character varying(8)
);
CREATE SEQUENCE public.card_programme_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.card_programme_id_seq OWNED BY public.card_programme.id;
CREATE TABLE public.card_revocation (
    id integer NOT NULL,
    employer_id integer,
    talent_id integer NOT NULL,
    hr_department_id integer,
    status character varying(16) NOT NULL,
    reason text NOT NULL,
    proposed_by character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    decided_at timestamp with time zone,
    card_id integer NOT NULL,
    jurisdiction_id character varying(6) NOT NULL
);
COMMENT ON COLUMN public.card_revocation.status IS 'WINDOW_REVIEW: WINDOW_REVIEW\nHR_REVIEW: HR_REVIEW\nOFFICE_REVIEW: OFFICE_REVIEW\nREVOKED: REVOKED\nREJECTED: REJECTED';
CREATE SEQUENCE public.card_revocation_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.card_revocation_id_seq OWNED BY public.card_revocation.id;
CREATE TABLE public.card_revocation_step (
    id bigint NOT NULL,
    stage character varying(16) NOT NULL,
    decision character varying(8) NOT NULL,
    reason text NOT NULL,
    actor character varying(64) NOT NULL,
    at timestamp with time zone NOT NULL,
    revocation_id integer NOT NULL
);
CREATE SEQUENCE public.card_revocation_step_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.card_revocation_step_id_seq OWNED BY public.card_revocation_step.id;
CREATE TABLE public.card_tier (
    id integer NOT NULL,
    code character varying(32) NOT NULL,
    name character varying(64) NOT NULL,
    rank integer NOT NULL,
    programme_id integer NOT NULL,
    dedicated_specialist boolean DEFAULT false NOT NULL
);
CREATE TABLE public.card_tier_category (
    card_tier_id integer NOT NULL,
    talentcategory_id integer NOT NULL
);
CREATE SEQUENCE public.card_tier_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.card_tier_id_seq OWNED BY public.card_tier.id;
CREATE TABLE public.casbin_rule (
    id integer NOT NULL,
    ptype character varying(8) NOT NULL,
    v0 character varying(128) NOT NULL,
    v1 character varying(128) NOT NULL,
    v2 character varying(128) NOT NULL,
    v3 character varying(128) NOT NULL,
    v4 character varying(128) NOT NULL,
    v5 character varying(128) NOT NULL
);
CREATE SEQUENCE public.casbin_rule_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.casbin_rule_id_seq OWNED BY public.casbin_rule.id;
CREATE TABLE public.change_feed (
    id bigint NOT NULL,
    kind character varying(16) NOT NULL,
    record_id bigint NOT NULL,
    key character varying(64),
    op character varying(8) NOT NULL,
    jurisdiction_id character varying(6),
    txid bigint DEFAULT 0 NOT NULL,
    at timestamp with time zone NOT NULL
);
CREATE SEQUENCE public.change_feed_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.change_feed_id_seq OWNED BY public.change_feed.id;
CREATE TABLE public.complaint (
    id integer NOT NULL,
    number character varying(32) NOT NULL,
    kind character varying(16) NOT NULL,
    source character varying(16) NOT NULL,
    status character varying(16) NOT NULL,
    complainant_name character varying(64),
    complainant_phone character varying(20),
    subject character varying(128) NOT NULL,
    content text NOT NULL,
    due_on date,
    routed_by character varying(64),
    routed_at timestamp with time zone,
    answer text,
    outcome character varying(24),
    answered_by character varying(64),
    answered_at timestamp with time zone,
    answered_on_time boolean,
    callback_result character varying(24),
    callback_note text,
    callback_by character varying(64),
    callback_at timestamp with time zone,
    overdue_notified_on date,
    filed_by character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    department_id integer,
    jurisdiction_id character varying(6) NOT NULL,
    request_id integer,
    specialist_id integer,
    talent_id integer,
    window_id integer,
    evaluation_id integer
);
COMMENT ON COLUMN public.complaint.kind IS 'COMPLAINT: COMPLAINT\nRECTIFICATION: RECTIFICATION';
COMMENT ON COLUMN public.complaint.source IS 'HOTLINE: HOTLINE\nONLINE: ONLINE\nWINDOW: WINDOW\nEVALUATION: EVALUATION';
COMMENT ON COLUMN public.complaint.status IS 'RECEIVED: RECEIVED\nROUTED: ROUTED\nANSWERED: ANSWERED\nCLOSED: CLOSED';
COMMENT ON COLUMN public.complaint.outcome IS 'SUBSTANTIATED: SUBSTANTIATED\nPARTLY_SUBSTANTIATED: PARTLY_SUBSTANTIATED\nUNFOUNDED: UNFOUNDED\nRECTIFIED: RECTIFIED';
COMMENT ON COLUMN public.complaint.callback_result IS 'SATISFIED: SATISFIED\nBASICALLY_SATISFIED: BASICALLY_SATISFIED\nDISSATISFIED: DISSATISFIED\nUNREACHABLE: UNREACHABLE';
CREATE SEQUENCE public.complaint_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.complaint_id_seq OWNED BY public.complaint.id;
CREATE TABLE public.complaint_step (
    id bigint NOT NULL,
    action character varying(16) NOT NULL,
    actor character varying(64) NOT NULL,
    note text,
    at timestamp with time zone NOT NULL,
    complaint_id integer NOT NULL
);
CREATE SEQUENCE public.complaint_step_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.complaint_step_id_seq OWNED BY public.complaint_step.id;
CREATE TABLE public.custom_field_definition (
    id integer NOT NULL,
    target_type character varying(16) NOT NULL,
    key character varying(40) NOT NULL,
    label character varying(64) NOT NULL,
    kind character varying(16) NOT NULL,
    options jsonb NOT NULL,
    required boolean NOT NULL,
    personal boolean NOT NULL,
    status character varying(8) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    jurisdiction_id character varying(6) NOT NULL
);
COMMENT ON COLUMN public.custom_field_definition.kind IS 'TEXT: TEXT\nNUMBER: NUMBER\nDATE: DATE\nENUM: ENUM\nBOOLEAN: BOOLEAN\nATTACHMENT: ATTACHMENT';
COMMENT ON COLUMN public.custom_field_definition.status IS 'ACTIVE: ACTIVE\nRETIRED: RETIRED';
CREATE SEQUENCE public.custom_field_definition_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.custom_field_definition_id_seq OWNED BY public.custom_field_definition.id;
CREATE TABLE public.dedicated_assignment (
    id integer NOT NULL,
    active_talent_id integer,
    jurisdiction_id character varying(6) NOT NULL,
    card_id integer,
    reason character varying(32) NOT NULL,
    assigned_by character varying(64) NOT NULL,
    started_at timestamp with time zone NOT NULL,
    ended_at timestamp with time zone,
    end_reason character varying(64),
    specialist_id integer NOT NULL,
    talent_id integer NOT NULL
);
CREATE SEQUENCE public.dedicated_assignment_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.dedicated_assignment_id_seq OWNED BY public.dedicated_assignment.id;
CREATE TABLE public.department (
    id integer NOT NULL,
    name character varying(128) NOT NULL,
    channel character varying(16) NOT NULL,
    webhook_url character varying(512),
    webhook_secret character varying(128),
    phone character varying(32),
    created_at timestamp with time zone NOT NULL,
    jurisdiction_id character varying(6) NOT NULL,
    function character varying(24)
);
COMMENT ON COLUMN public.department.channel IS 'INBOX: INBOX\nWEBHOOK: WEBHOOK';
CREATE SEQUENCE public.department_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.department_id_seq OWNED BY public.department.id;
CREATE TABLE public.direct_recognition_rule (
    id integer NOT NULL,
    code character varying(64) NOT NULL,
    name character varying(128) NOT NULL,
    kind character varying(16) NOT NULL,
    awards jsonb NOT NULL,
    min_annual_salary_yuan bigint,
    min_employer_tax_yuan bigint,
    skips jsonb NOT NULL,
    source text,
    active boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    category_id integer NOT NULL,
    jurisdiction_id character varying(6) NOT NULL
);
COMMENT ON COLUMN public.direct_recognition_rule.kind IS 'AWARD: AWARD\nSALARY_TAX: SALARY_TAX';
CREATE SEQUENCE public.direct_recognition_rule_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.direct_recognition_rule_id_seq OWNED BY public.direct_recognition_rule.id;
CREATE TABLE public.employer (
    id integer NOT NULL,
    name character varying(128) NOT NULL,
    credit_code character varying(18) NOT NULL,
    kind character varying(16) NOT NULL,
    industry character varying(64),
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    jurisdiction_id character varying(6) NOT NULL,
    custom_fields jsonb DEFAULT '{}'::jsonb NOT NULL
);
COMMENT ON COLUMN public.employer.kind IS 'ENTERPRISE: ENTERPRISE\nINSTITUTION: INSTITUTION\nGOVERNMENT: GOVERNMENT\nOTHER: OTHER';
CREATE SEQUENCE public.employer_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.employer_id_seq OWNED BY public.employer.id;
CREATE TABLE public.entitlement (
    id integer NOT NULL,
    policy_code character varying(64) NOT NULL,
    talent_id integer NOT NULL,
    jurisdiction_id character varying(6) NOT NULL,
    employer_id integer,
    amount_fen bigint NOT NULL,
    schedule character varying(16) NOT NULL,
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    status character varying(16) NOT NULL,
    stopped_on date,
    stop_reason character varying(16),
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    policy_id integer NOT NULL,
    application_id integer NOT NULL
);
COMMENT ON TABLE public.entitlement IS 'What an approved application grants (享受资格): `amount_fen` per payment under the';
COMMENT ON COLUMN public.entitlement.schedule IS 'MONTHLY: MONTHLY\nYEARLY: YEARLY\nONCE: ONCE\nPER_DAY: PER_DAY';
COMMENT ON COLUMN public.entitlement.status IS 'ACTIVE: ACTIVE\nSTOPPED: STOPPED\nENDED: ENDED';
CREATE SEQUENCE public.entitlement_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.entitlement_id_seq OWNED BY public.entitlement.id;
CREATE TABLE public.evaluation (
    id integer NOT NULL,
    score integer NOT NULL,
    comment text,
    created_at timestamp with time zone NOT NULL,
    request_id integer NOT NULL
);
CREATE SEQUENCE public.evaluation_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.evaluation_id_seq OWNED BY public.evaluation.id;
CREATE TABLE public.family_member (
    id integer NOT NULL,
    relation character varying(8) NOT NULL,
    name character varying(64) NOT NULL,
    id_number character varying(32),
    birth_date date,
    talent_id integer NOT NULL
);
COMMENT ON COLUMN public.family_member.relation IS 'SPOUSE: SPOUSE\nCHILD: CHILD\nPARENT: PARENT';
CREATE SEQUENCE public.family_member_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.family_member_id_seq OWNED BY public.family_member.id;
CREATE TABLE public.fund_application (
    id integer NOT NULL,
    number character varying(32) NOT NULL,
    talent_id integer NOT NULL,
    jurisdiction_id character varying(6) NOT NULL,
    employer_id integer,
    status character varying(16) NOT NULL,
    start_on date,
    first_home boolean NOT NULL,
    social_insurance_months integer,
    materials jsonb NOT NULL,
    bank_name character varying(64),
    bank_account character varying(32),
    submitted_by character varying(64) NOT NULL,
    decided_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    policy_id integer NOT NULL
);
COMMENT ON TABLE public.fund_application IS 'A talent''s application for a policy (申领): by the talent, the employer''s unit';
COMMENT ON COLUMN public.fund_application.status IS 'COUNTY_REVIEW: COUNTY_REVIEW\nCITY_REVIEW: CITY_REVIEW\nAPPROVED: APPROVED\nREJECTED: REJECTED';
CREATE SEQUENCE public.fund_application_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.fund_application_id_seq OWNED BY public.fund_application.id;
CREATE TABLE public.fund_application_step (
    id integer NOT NULL,
    from_status character varying(16),
    to_status character varying(16) NOT NULL,
    decision character varying(16),
    opinion text,
    actor character varying(64) NOT NULL,
    at timestamp with time zone NOT NULL,
    application_id integer NOT NULL
);
COMMENT ON TABLE public.fund_application_step IS 'One step of an application: submitted, or a review''s decision and opinion.';
CREATE SEQUENCE public.fund_application_step_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.fund_application_step_id_seq OWNED BY public.fund_application_step.id;
CREATE TABLE public.fund_policy (
    id integer NOT NULL,
    code character varying(64) NOT NULL,
    version integer NOT NULL,
    name character varying(128) NOT NULL,
    basis text,
    eligibility jsonb NOT NULL,
    amount_fen bigint NOT NULL,
    schedule character varying(16) NOT NULL,
    months integer NOT NULL,
    start_event character varying(16) NOT NULL,
    budget_fen bigint,
    clawback character varying(16) NOT NULL,
    triggers jsonb NOT NULL,
    status character varying(16) NOT NULL,
    effective_from date,
    effective_to date,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    jurisdiction_id character varying(6) NOT NULL
);
COMMENT ON TABLE public.fund_policy IS 'One version of a fund policy (资金政策). Editing a published version drafts the';
COMMENT ON COLUMN public.fund_policy.schedule IS 'MONTHLY: MONTHLY\nYEARLY: YEARLY\nONCE: ONCE\nPER_DAY: PER_DAY';
COMMENT ON COLUMN public.fund_policy.start_event IS 'WORK_START: WORK_START\nHOME_PURCHASE: HOME_PURCHASE\nDECISION: DECISION';
COMMENT ON COLUMN public.fund_policy.clawback IS 'NONE: NONE\nFULL: FULL\nPRO_RATA: PRO_RATA';
COMMENT ON COLUMN public.fund_policy.status IS 'DRAFT: DRAFT\nPUBLISHED: PUBLISHED\nRETIRED: RETIRED';
CREATE SEQUENCE public.fund_policy_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.fund_policy_id_seq OWNED BY public.fund_policy.id;
CREATE TABLE public.grassroots_area (
    id integer NOT NULL,
    kind character varying(24) NOT NULL,
    note text,
    created_at timestamp with time zone NOT NULL,
    jurisdiction_id character varying(6) NOT NULL
);
COMMENT ON TABLE public.grassroots_area IS 'A county designated as a grassroots area (欠发达地区、革命老区、基层一线), as data.';
COMMENT ON COLUMN public.grassroots_area.kind IS 'UNDERDEVELOPED: UNDERDEVELOPED\nOLD_REVOLUTIONARY: OLD_REVOLUTIONARY\nGRASSROOTS: GRASSROOTS';
CREATE SEQUENCE public.grassroots_area_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.grassroots_area_id_seq OWNED BY public.grassroots_area.id;
CREATE TABLE public.grassroots_expert (
    id integer NOT NULL,
    year integer NOT NULL,
    talent_id integer NOT NULL,
    jurisdiction_id character varying(6) NOT NULL,
    employer_id integer,
    required_days integer NOT NULL,
    listed_by character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL
);
COMMENT ON TABLE public.grassroots_expert IS 'An expert listed for a year (纳入服务基层范围的高层次人才). Scope columns are the';
CREATE SEQUENCE public.grassroots_expert_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.grassroots_expert_id_seq OWNED BY public.grassroots_expert.id;
CREATE TABLE public.grassroots_service (
    id integer NOT NULL,
    year integer NOT NULL,
    talent_id integer NOT NULL,
    jurisdiction_id character varying(6) NOT NULL,
    employer_id integer,
    area_jurisdiction_id character varying(6) NOT NULL,
    unit_name character varying(128) NOT NULL,
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    days integer NOT NULL,
    content text NOT NULL,
    status character varying(16) NOT NULL,
    opinion text,
    recorded_by character varying(64) NOT NULL,
    confirmed_by character varying(64),
    confirmed_at timestamp with time zone,
    payment_id integer,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    expert_id integer NOT NULL
);
COMMENT ON TABLE public.grassroots_service IS 'One stretch of service in a grassroots area (服务记录): where, when, how many days and';
COMMENT ON COLUMN public.grassroots_service.status IS 'RECORDED: RECORDED\nCONFIRMED: CONFIRMED\nREJECTED: REJECTED';
CREATE SEQUENCE public.grassroots_service_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.grassroots_service_id_seq OWNED BY public.grassroots_service.id;
CREATE TABLE public.handoff (
    id integer NOT NULL,
    jurisdiction_id character varying(6) NOT NULL,
    talent_id integer NOT NULL,
    employer_id integer,
    is_lead boolean NOT NULL,
    status character varying(16) NOT NULL,
    due_on date NOT NULL,
    outcome character varying(16),
    opinion text,
    return_reason text,
    delivery_attempts integer NOT NULL,
    last_error text,
    created_at timestamp with time zone NOT NULL,
    delivered_at timestamp with time zone,
    accepted_at timestamp with time zone,
    completed_at timestamp with time zone,
    updated_at timestamp with time zone NOT NULL,
    department_id integer NOT NULL,
    handler_id integer,
    item_id integer NOT NULL,
    request_id integer NOT NULL,
    completed_on date,
    extension_count integer DEFAULT 0 NOT NULL,
    on_time boolean,
    workdays_taken integer
);
COMMENT ON COLUMN public.handoff.status IS 'PENDING: PENDING\nDELIVERED: DELIVERED\nACCEPTED: ACCEPTED\nDONE: DONE\nRETURNED: RETURNED\nUNDELIVERABLE: UNDELIVERABLE\nWITHDRAWN: WITHDRAWN';
COMMENT ON COLUMN public.handoff.outcome IS 'APPROVED: APPROVED\nREJECTED: REJECTED';
CREATE TABLE public.handoff_extension (
    id integer NOT NULL,
    reason text NOT NULL,
    previous_due_on date NOT NULL,
    new_due_on date NOT NULL,
    reported_by character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    handoff_id integer NOT NULL
);
CREATE SEQUENCE public.handoff_extension_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.handoff_extension_id_seq OWNED BY public.handoff_extension.id;
CREATE SEQUENCE public.handoff_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.handoff_id_seq OWNED BY public.handoff.id;
CREATE TABLE public.idempotency_key (
    id integer NOT NULL,
    operation character varying(64) NOT NULL,
    key character varying(100) NOT NULL,
    fingerprint character varying(64) NOT NULL,
    target_id integer,
    created_at timestamp with time zone NOT NULL,
    user_id integer NOT NULL
);
CREATE SEQUENCE public.idempotency_key_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.idempotency_key_id_seq OWNED BY public.idempotency_key.id;
CREATE TABLE public.jurisdiction (
    code character varying(6) NOT NULL,
    name character varying(64) NOT NULL,
    level character varying(16) NOT NULL,
    parent_id character varying(6)
);
COMMENT ON COLUMN public.jurisdiction.level IS 'PROVINCE: PROVINCE\nCITY: CITY\nCOUNTY: COUNTY';
CREATE TABLE public.ledger_entry (
    id bigint NOT NULL,
    kind character varying(16) NOT NULL,
    amount_fen bigint NOT NULL,
    talent_id integer NOT NULL,
    policy_id integer NOT NULL,
    entitlement_id integer NOT NULL,
    payment_id integer,
    jurisdiction_id character varying(6) NOT NULL,
    employer_id integer,
    at timestamp with time zone NOT NULL,
    recovery_id integer
);
COMMENT ON TABLE public.ledger_entry IS 'An immutable line of the funds ledger (资金台账): a talent''s and a policy''s balance is';
COMMENT ON COLUMN public.ledger_entry.kind IS 'ENTITLEMENT: ENTITLEMENT\nPAYMENT: PAYMENT\nREVERSAL: REVERSAL\nRECOVERY: RECOVERY';
CREATE SEQUENCE public.ledger_entry_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.ledger_entry_id_seq OWNED BY public.ledger_entry.id;
CREATE TABLE public.local_calendar_day (
    id integer NOT NULL,
    day date NOT NULL,
    kind character varying(8) NOT NULL,
    name character varying(64),
    created_by character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    jurisdiction_id character varying(6) NOT NULL
);
COMMENT ON COLUMN public.local_calendar_day.kind IS 'HOLIDAY: HOLIDAY\nWORKDAY: WORKDAY';
CREATE SEQUENCE public.local_calendar_day_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.local_calendar_day_id_seq OWNED BY public.local_calendar_day.id;
CREATE TABLE public.login_throttle (
    id integer NOT NULL,
    key character varying(64) NOT NULL,
    account character varying(64),
    failures integer NOT NULL,
    blocked_until timestamp with time zone,
    last_failure_at timestamp with time zone,
    unaudited integer NOT NULL,
    window_started_at timestamp with time zone
);
CREATE SEQUENCE public.login_throttle_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.login_throttle_id_seq OWNED BY public.login_throttle.id;
CREATE TABLE public.notification (
    id bigint NOT NULL,
    channel character varying(8) NOT NULL,
    subject character varying(128) NOT NULL,
    body text NOT NULL,
    related_type character varying(32),
    related_id character varying(64),
    status character varying(8) NOT NULL,
    attempts integer NOT NULL,
    last_error text,
    created_at timestamp with time zone NOT NULL,
    sent_at timestamp with time zone,
    read_at timestamp with time zone,
    recipient_id integer NOT NULL
);
COMMENT ON COLUMN public.notification.channel IS 'IN_APP: IN_APP\nSMS: SMS\nWECHAT: WECHAT\nEMAIL: EMAIL';
COMMENT ON COLUMN public.notification.status IS 'PENDING: PENDING\nSENT: SENT\nFAILED: FAILED';
CREATE SEQUENCE public.notification_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.notification_id_seq OWNED BY public.notification.id;
CREATE TABLE public.outbox_entry (
    id bigint NOT NULL,
    key character varying(128) NOT NULL,
    task character varying(64) NOT NULL,
    payload jsonb NOT NULL,
    status character varying(8) NOT NULL,
    attempts integer NOT NULL,
    last_error text,
    created_at timestamp with time zone NOT NULL,
    enqueued_at timestamp with time zone,
    done_at timestamp with time zone
);
COMMENT ON COLUMN public.outbox_entry.status IS 'PENDING: PENDING\nDONE: DONE\nFAILED: FAILED';
CREATE SEQUENCE public.outbox_entry_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.outbox_entry_id_seq OWNED BY public.outbox_entry.id;
CREATE TABLE public.payment (
    id integer NOT NULL,
    policy_id integer NOT NULL,
    talent_id integer NOT NULL,
    jurisdiction_id character varying(6) NOT NULL,
    employer_id integer,
    period character varying(7) NOT NULL,
    amount_fen bigint NOT NULL,
    status character varying(16) NOT NULL,
    bank_name character varying(64),
    bank_account character varying(32),
    created_at timestamp with time zone NOT NULL,
    batch_id integer NOT NULL,
    entitlement_id integer NOT NULL,
    failure_reason character varying(128),
    settled_at timestamp with time zone
);
COMMENT ON TABLE public.payment IS 'One installment of an entitlement (发放). (entitlement, period) is unique: a payroll';
COMMENT ON COLUMN public.payment.status IS 'PENDING: PENDING\nPAID: PAID\nFAILED: FAILED';
CREATE TABLE public.payment_batch (
    id integer NOT NULL,
    number character varying(32) NOT NULL,
    jurisdiction_id character varying(6) NOT NULL,
    period character varying(7) NOT NULL,
    status character varying(16) NOT NULL,
    total_fen bigint NOT NULL,
    count integer NOT NULL,
    created_by character varying(64) NOT NULL,
    approved_by character varying(64),
    approved_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    exported_at timestamp with time zone
);
COMMENT ON TABLE public.payment_batch IS 'A payroll run''s payments for one paying jurisdiction and month (发放批次), approved';
COMMENT ON COLUMN public.payment_batch.status IS 'DRAFT: DRAFT\nAPPROVED: APPROVED\nSETTLED: SETTLED';
CREATE SEQUENCE public.payment_batch_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.payment_batch_id_seq OWNED BY public.payment_batch.id;
CREATE SEQUENCE public.payment_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.payment_id_seq OWNED BY public.payment.id;
CREATE TABLE public.policy_default (
    id integer NOT NULL,
    role character varying(64) NOT NULL,
    resource character varying(64) NOT NULL,
    action character varying(64) NOT NULL
);
CREATE SEQUENCE public.policy_default_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.policy_default_id_seq OWNED BY public.policy_default.id;
CREATE TABLE public.policy_version (
    id integer NOT NULL,
    version integer NOT NULL
);
CREATE SEQUENCE public.policy_version_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.policy_version_id_seq OWNED BY public.policy_version.id;
CREATE TABLE public.quarterly_archive (
    id integer NOT NULL,
    jurisdiction_id character varying(6) NOT NULL,
    year integer NOT NULL,
    quarter integer NOT NULL,
    request_count integer NOT NULL,
    generated_by character varying(64) NOT NULL,
    generated_at timestamp with time zone NOT NULL,
    filed_at timestamp with time zone NOT NULL,
    filed_to_id integer,
    report_id uuid NOT NULL,
    window_id integer NOT NULL
);
CREATE SEQUENCE public.quarterly_archive_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.quarterly_archive_id_seq OWNED BY public.quarterly_archive.id;
CREATE TABLE public.recognition (
    id integer NOT NULL,
    number character varying(32) NOT NULL,
    employer_id integer,
    status character varying(16) NOT NULL,
    basis text NOT NULL,
    materials jsonb NOT NULL,
    awards jsonb NOT NULL,
    annual_salary_yuan bigint,
    employer_tax_yuan bigint,
    publicity_from date,
    publicity_until date,
    decided_at timestamp with time zone,
    card_id integer,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    category_id integer NOT NULL,
    direct_rule_id integer,
    jurisdiction_id character varying(6) NOT NULL,
    submitted_by_id integer,
    talent_id integer NOT NULL
);
COMMENT ON COLUMN public.recognition.status IS 'COUNTY_REVIEW: COUNTY_REVIEW\nCITY_REVIEW: CITY_REVIEW\nPUBLICITY: PUBLICITY\nAPPROVED: APPROVED\nREJECTED: REJECTED\nWITHDRAWN: WITHDRAWN';
CREATE SEQUENCE public.recognition_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.recognition_id_seq OWNED BY public.recognition.id;
CREATE TABLE public.recognition_objection (
    id integer NOT NULL,
    objector character varying(64) NOT NULL,
    reason text NOT NULL,
    status character varying(12) NOT NULL,
    resolution text,
    resolved_by character varying(64),
    created_at timestamp with time zone NOT NULL,
    resolved_at timestamp with time zone,
    recognition_id integer NOT NULL
);
COMMENT ON COLUMN public.recognition_objection.status IS 'OPEN: OPEN\nUPHELD: UPHELD\nDISMISSED: DISMISSED';
CREATE SEQUENCE public.recognition_objection_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.recognition_objection_id_seq OWNED BY public.recognition_objection.id;
CREATE TABLE public.recognition_step (
    id bigint NOT NULL,
    kind character varying(24) NOT NULL,
    decision character varying(8),
    opinion text,
    actor character varying(64) NOT NULL,
    from_status character varying(16),
    to_status character varying(16),
    at timestamp with time zone NOT NULL,
    recognition_id integer NOT NULL
);
CREATE SEQUENCE public.recognition_step_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.recognition_step_id_seq OWNED BY public.recognition_step.id;
CREATE TABLE public.recovery (
    id integer NOT NULL,
    number character varying(32) NOT NULL,
    policy_id integer NOT NULL,
    talent_id integer NOT NULL,
    jurisdiction_id character varying(6) NOT NULL,
    employer_id integer,
    trigger character varying(16) NOT NULL,
    reason text,
    paid_fen bigint NOT NULL,
    amount_fen bigint NOT NULL,
    repaid_fen bigint NOT NULL,
    status character varying(16) NOT NULL,
    write_off_reason text,
    opened_by character varying(64) NOT NULL,
    closed_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    entitlement_id integer NOT NULL
);
COMMENT ON TABLE public.recovery IS 'A clawback (追回单): opened when a trigger stops an entitlement whose policy recovers';
COMMENT ON COLUMN public.recovery.status IS 'OPEN: OPEN\nSETTLED: SETTLED\nWRITTEN_OFF: WRITTEN_OFF';
CREATE SEQUENCE public.recovery_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.recovery_id_seq OWNED BY public.recovery.id;
CREATE TABLE public.repayment (
    id integer NOT NULL,
    amount_fen bigint NOT NULL,
    paid_on date NOT NULL,
    reference character varying(64),
    recorded_by character varying(64) NOT NULL,
    at timestamp with time zone NOT NULL,
    recovery_id integer NOT NULL
);
COMMENT ON TABLE public.repayment IS 'Money the talent paid back against a recovery (追回还款).';
CREATE SEQUENCE public.repayment_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.repayment_id_seq OWNED BY public.repayment.id;
CREATE TABLE public.report (
    id uuid NOT NULL,
    kind character varying(24) NOT NULL,
    filename character varying(128) NOT NULL,
    content_type character varying(128) NOT NULL,
    content bytea NOT NULL,
    row_count integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone,
    owner_id integer,
    jurisdiction_id character varying(6)
);
COMMENT ON COLUMN public.report.kind IS 'TALENT_EXPORT: TALENT_EXPORT\nARCHIVE_EXPORT: ARCHIVE_EXPORT\nIMPORT_ERRORS: IMPORT_ERRORS\nQUARTERLY_ARCHIVE: QUARTERLY_ARCHIVE\nBANK_FILE: BANK_FILE';
CREATE TABLE public.saved_view (
    id integer NOT NULL,
    connection character varying(64) NOT NULL,
    name character varying(64) NOT NULL,
    filter_input jsonb,
    columns jsonb NOT NULL,
    order_by jsonb,
    shared_role character varying(32),
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    owner_id integer NOT NULL,
    shared_jurisdiction_id character varying(6)
);
CREATE SEQUENCE public.saved_view_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.saved_view_id_seq OWNED BY public.saved_view.id;
CREATE TABLE public.service_item (
    id integer NOT NULL,
    code character varying(64) NOT NULL,
    version integer NOT NULL,
    name character varying(128) NOT NULL,
    category character varying(24) NOT NULL,
    mode character varying(16) NOT NULL,
    time_limit_workdays integer,
    policy_basis text,
    description text,
    materials jsonb NOT NULL,
    status character varying(16) NOT NULL,
    effective_from date,
    effective_to date,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    jurisdiction_id character varying(6) NOT NULL
);
COMMENT ON COLUMN public.service_item.category IS 'HOUSEHOLD: HOUSEHOLD\nSCHOOL: SCHOOL\nMEDICAL: MEDICAL\nSOCIAL_INSURANCE: SOCIAL_INSURANCE\nHOUSING: HOUSING\nFINANCE: FINANCE\nENTRY_EXIT: ENTRY_EXIT\nPROFESSIONAL_TITLE: PROFESSIONAL_TITLE\nSPOUSE_EMPLOYMENT: SPOUSE_EMPLOYMENT\nTAX: TAX\nCUSTOMS: CUSTOMS\nTRANSPORT: TRANSPORT\nTOURISM_FITNESS: TOURISM_FITNESS\nLEAVE_RECUPERATION: LEAVE_RECUPERATION\nOTHER: OTHER';
COMMENT ON COLUMN public.service_item.mode IS 'DIRECT: DIRECT\nAPPLICATION: APPLICATION';
COMMENT ON COLUMN public.service_item.status IS 'DRAFT: DRAFT\nPUBLISHED: PUBLISHED\nRETIRED: RETIRED';
CREATE TABLE public.service_item_department (
    id integer NOT NULL,
    is_lead boolean NOT NULL,
    department_id integer NOT NULL,
    item_id integer NOT NULL
);
CREATE SEQUENCE public.service_item_department_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.service_item_department_id_seq OWNED BY public.service_item_department.id;
CREATE SEQUENCE public.service_item_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.service_item_id_seq OWNED BY public.service_item.id;
CREATE TABLE public.service_item_tier (
    service_item_id integer NOT NULL,
    cardtier_id integer NOT NULL
);
CREATE TABLE public.service_request (
    id integer NOT NULL,
    number character varying(32) NOT NULL,
    employer_id integer,
    channel character varying(16) NOT NULL,
    status character varying(24) NOT NULL,
    note text,
    received_at timestamp with time zone NOT NULL,
    due_on date,
    completed_at timestamp with time zone,
    withdrawn_at timestamp with time zone,
    updated_at timestamp with time zone NOT NULL,
    jurisdiction_id character varying(6) NOT NULL,
    submitted_by_id integer,
    talent_id integer NOT NULL,
    window_id integer,
    completed_on date,
    on_time boolean,
    workdays_taken integer,
    custom_fields jsonb DEFAULT '{}'::jsonb NOT NULL
);
COMMENT ON COLUMN public.service_request.channel IS 'WINDOW: WINDOW\nONLINE: ONLINE\nUNIT: UNIT';
COMMENT ON COLUMN public.service_request.status IS 'RECEIVED: RECEIVED\nDISPATCHED: DISPATCHED\nIN_PROGRESS: IN_PROGRESS\nCOMPLETED: COMPLETED\nPARTIALLY_REJECTED: PARTIALLY_REJECTED\nREJECTED: REJECTED\nWITHDRAWN: WITHDRAWN\nARCHIVED: ARCHIVED';
CREATE SEQUENCE public.service_request_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.service_request_id_seq OWNED BY public.service_request.id;
CREATE TABLE public.service_request_item (
    id integer NOT NULL,
    materials jsonb NOT NULL,
    served_at timestamp with time zone,
    item_id integer NOT NULL,
    request_id integer NOT NULL
);
CREATE SEQUENCE public.service_request_item_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.service_request_item_id_seq OWNED BY public.service_request_item.id;
CREATE TABLE public.service_window (
    id integer NOT NULL,
    name character varying(128) NOT NULL,
    address character varying(256),
    phone character varying(32),
    created_at timestamp with time zone NOT NULL,
    jurisdiction_id character varying(6) NOT NULL,
    parent_id integer
);
CREATE SEQUENCE public.service_window_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.service_window_id_seq OWNED BY public.service_window.id;
CREATE TABLE public.source (
    id integer NOT NULL,
    name character varying(64) NOT NULL,
    url character varying(512) NOT NULL,
    token character varying(512) NOT NULL,
    jurisdictions jsonb NOT NULL,
    card_keys jsonb NOT NULL,
    jurisdiction_id character varying(6) NOT NULL,
    status character varying(16) NOT NULL,
    cursor character varying(64),
    contract_version character varying(16),
    failures integer NOT NULL,
    next_attempt_at timestamp with time zone,
    last_synced_at timestamp with time zone,
    lag_seconds double precision NOT NULL,
    error_count integer NOT NULL,
    last_error character varying(256),
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);
COMMENT ON TABLE public.source IS 'A deployment whose change feed this one gathers (省级平台的数据源): a city''s';
CREATE TABLE public.source_error (
    id bigint NOT NULL,
    jurisdiction_id character varying(6) NOT NULL,
    code character varying(32) NOT NULL,
    message character varying(256) NOT NULL,
    kind character varying(16),
    record_id character varying(64),
    at timestamp with time zone NOT NULL,
    source_id integer NOT NULL
);
COMMENT ON TABLE public.source_error IS 'A pull that failed or a record refused (数据源异常), as `sources { errors }` counts';
CREATE SEQUENCE public.source_error_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.source_error_id_seq OWNED BY public.source_error.id;
CREATE SEQUENCE public.source_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.source_id_seq OWNED BY public.source.id;
CREATE TABLE public.source_record (
    id bigint NOT NULL,
    kind character varying(16) NOT NULL,
    record_id character varying(64) NOT NULL,
    key character varying(64),
    holder_key character varying(64),
    jurisdiction_code character varying(6),
    city_code character varying(6),
    status character varying(16),
    class_code character varying(64),
    started_on date,
    ended_on date,
    data jsonb NOT NULL,
    deleted boolean NOT NULL,
    changed_at timestamp with time zone,
    synced_at timestamp with time zone NOT NULL,
    source_id integer NOT NULL
);
COMMENT ON TABLE public.source_record IS 'A record as a source''s feed last gave it: the province''s store (持卡人才数据库 and the';
CREATE SEQUENCE public.source_record_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.source_record_id_seq OWNED BY public.source_record.id;
CREATE TABLE public.specialist (
    id integer NOT NULL,
    name character varying(64) NOT NULL,
    kind character varying(16) NOT NULL,
    office_phone character varying(32),
    mobile character varying(20),
    status character varying(16) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    department_id integer,
    employer_id integer,
    jurisdiction_id character varying(6) NOT NULL,
    user_id integer,
    window_id integer,
    filed_at timestamp with time zone,
    left_on date
);
COMMENT ON COLUMN public.specialist.kind IS 'UNIT: UNIT\nHANDLING: HANDLING\nWINDOW: WINDOW';
COMMENT ON COLUMN public.specialist.status IS 'ACTIVE: ACTIVE\nINACTIVE: INACTIVE\nPENDING: PENDING';
CREATE SEQUENCE public.specialist_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.specialist_id_seq OWNED BY public.specialist.id;
CREATE TABLE public.specialist_item (
    specialist_id integer NOT NULL,
    serviceitem_id integer NOT NULL
);
CREATE TABLE public.specialist_succession (
    id integer NOT NULL,
    jurisdiction_id character varying(6) NOT NULL,
    department_id integer,
    window_id integer,
    employer_id integer,
    reason text NOT NULL,
    status character varying(16) NOT NULL,
    nominated_by character varying(64) NOT NULL,
    decided_by character varying(64),
    decision_note text,
    created_at timestamp with time zone NOT NULL,
    decided_at timestamp with time zone,
    specialist_id integer NOT NULL,
    successor_id integer NOT NULL
);
COMMENT ON COLUMN public.specialist_succession.status IS 'NOMINATED: NOMINATED\nFILED: FILED\nREJECTED: REJECTED';
CREATE SEQUENCE public.specialist_succession_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.specialist_succession_id_seq OWNED BY public.specialist_succession.id;
CREATE TABLE public.specialist_training (
    id integer NOT NULL,
    title character varying(128) NOT NULL,
    held_on date NOT NULL,
    hours numeric(5,1) NOT NULL,
    organiser character varying(128),
    certificate character varying(64),
    recorded_by character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    specialist_id integer NOT NULL
);
CREATE SEQUENCE public.specialist_training_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.specialist_training_id_seq OWNED BY public.specialist_training.id;
CREATE TABLE public.status_change (
    id bigint NOT NULL,
    from_status character varying(24),
    to_status character varying(24) NOT NULL,
    actor character varying(64) NOT NULL,
    note text,
    at timestamp with time zone NOT NULL,
    handoff_id integer,
    request_id integer NOT NULL
);
CREATE SEQUENCE public.status_change_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.status_change_id_seq OWNED BY public.status_change.id;
CREATE TABLE public.supervision_record (
    id integer NOT NULL,
    kind character varying(16) NOT NULL,
    jurisdiction_id character varying(6) NOT NULL,
    note text,
    created_at timestamp with time zone NOT NULL,
    handoff_id integer NOT NULL
);
COMMENT ON COLUMN public.supervision_record.kind IS 'REMINDER: REMINDER\nOVERDUE: OVERDUE\nESCALATED: ESCALATED';
CREATE SEQUENCE public.supervision_record_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.supervision_record_id_seq OWNED BY public.supervision_record.id;
CREATE TABLE public.supervision_rollup (
    id bigint NOT NULL,
    day date NOT NULL,
    kind character varying(10) NOT NULL,
    jurisdiction_id character varying(6) NOT NULL,
    unit_id integer DEFAULT 0 NOT NULL,
    department_id integer,
    received integer DEFAULT 0 NOT NULL,
    completed integer DEFAULT 0 NOT NULL,
    on_time integer DEFAULT 0 NOT NULL,
    late integer DEFAULT 0 NOT NULL,
    workdays_total integer DEFAULT 0 NOT NULL,
    workdays_counted integer DEFAULT 0 NOT NULL,
    extended integer DEFAULT 0 NOT NULL,
    extension_reports integer DEFAULT 0 NOT NULL,
    rated_1 integer DEFAULT 0 NOT NULL,
    rated_2 integer DEFAULT 0 NOT NULL,
    rated_3 integer DEFAULT 0 NOT NULL,
    rated_4 integer DEFAULT 0 NOT NULL,
    rated_5 integer DEFAULT 0 NOT NULL
);
CREATE SEQUENCE public.supervision_rollup_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.supervision_rollup_id_seq OWNED BY public.supervision_rollup.id;
CREATE TABLE public.talent (
    id integer NOT NULL,
    name character varying(64) NOT NULL,
    gender character varying(8) NOT NULL,
    id_kind character varying(16) NOT NULL,
    id_number character varying(32) NOT NULL,
    nationality character varying(3) NOT NULL,
    birth_date date,
    phone character varying(20),
    address character varying(256),
    education character varying(32),
    degree character varying(32),
    professional_title character varying(64),
    skill_level character varying(32),
    introduced_on date,
    status character varying(8) NOT NULL,
    left_on date,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    category_id integer,
    employer_id integer,
    jurisdiction_id character varying(6) NOT NULL,
    custom_fields jsonb DEFAULT '{}'::jsonb NOT NULL,
    id_hash character varying(64)
);
COMMENT ON COLUMN public.talent.gender IS 'MALE: MALE\nFEMALE: FEMALE';
COMMENT ON COLUMN public.talent.id_kind IS 'RESIDENT_ID: RESIDENT_ID\nPASSPORT: PASSPORT';
COMMENT ON COLUMN public.talent.status IS 'ACTIVE: ACTIVE\nLEFT: LEFT';
CREATE TABLE public.talent_category (
    id integer NOT NULL,
    code character varying(32) NOT NULL,
    name character varying(64) NOT NULL,
    ladder character varying(64) NOT NULL,
    rank integer NOT NULL,
    description text,
    jurisdiction_id character varying(6) NOT NULL,
    publicity_workdays integer DEFAULT 5 NOT NULL
);
CREATE SEQUENCE public.talent_category_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.talent_category_id_seq OWNED BY public.talent_category.id;
CREATE SEQUENCE public.talent_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.talent_id_seq OWNED BY public.talent.id;
CREATE TABLE public.talent_import (
    id integer NOT NULL,
    filename character varying(128) NOT NULL,
    mode character varying(16) NOT NULL,
    status character varying(8) NOT NULL,
    content bytea,
    total_rows integer NOT NULL,
    processed_rows integer NOT NULL,
    created_count integer NOT NULL,
    updated_count integer NOT NULL,
    error_count integer NOT NULL,
    error text,
    report_id uuid,
    created_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone,
    owner_id integer NOT NULL
);
COMMENT ON COLUMN public.talent_import.mode IS 'ALL_OR_NOTHING: ALL_OR_NOTHING\nVALID_ROWS_ONLY: VALID_ROWS_ONLY';
COMMENT ON COLUMN public.talent_import.status IS 'QUEUED: QUEUED\nRUNNING: RUNNING\nDONE: DONE\nFAILED: FAILED';
CREATE SEQUENCE public.talent_import_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.talent_import_id_seq OWNED BY public.talent_import.id;
CREATE TABLE public.tool (
    id integer NOT NULL,
    key character varying(40) NOT NULL,
    version integer NOT NULL,
    name character varying(128) NOT NULL,
    description text,
    roles character varying(512) NOT NULL,
    status character varying(16) NOT NULL,
    document jsonb NOT NULL,
    is_template boolean NOT NULL,
    template_key character varying(40),
    template_version integer,
    needs_repair boolean NOT NULL,
    repair_reason text,
    repair_notified boolean NOT NULL,
    created_by character varying(64) NOT NULL,
    published_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    jurisdiction_id character varying(6) NOT NULL,
    owner_id character varying(6) NOT NULL
);
COMMENT ON COLUMN public.tool.status IS 'DRAFT: DRAFT\nPUBLISHED: PUBLISHED\nRETIRED: RETIRED';
CREATE SEQUENCE public.tool_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.tool_id_seq OWNED BY public.tool.id;
CREATE TABLE public.tool_operation (
    id integer NOT NULL,
    sha256 character varying(64) NOT NULL,
    text text NOT NULL,
    path character varying(128) NOT NULL,
    tool_id integer NOT NULL
);
CREATE SEQUENCE public.tool_operation_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.tool_operation_id_seq OWNED BY public.tool_operation.id;
CREATE TABLE public.tortoise_migrations (
    id integer NOT NULL,
    app character varying(255) NOT NULL,
    name character varying(255) NOT NULL,
    applied_at timestamp with time zone NOT NULL
);
CREATE SEQUENCE public.tortoise_migrations_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.tortoise_migrations_id_seq OWNED BY public.tortoise_migrations.id;
ALTER TABLE ONLY public.api_token ALTER COLUMN id SET DEFAULT nextval('public.api_token_id_seq'::regclass);
ALTER TABLE ONLY public.app_user ALTER COLUMN id SET DEFAULT nextval('public.app_user_id_seq'::regclass);
ALTER TABLE ONLY public.appointment ALTER COLUMN id SET DEFAULT nextval('public.appointment_id_seq'::regclass);
ALTER TABLE ONLY public.archive_entry ALTER COLUMN id SET DEFAULT nextval('public.archive_entry_id_seq'::regclass);
ALTER TABLE ONLY public.audit_event ALTER COLUMN id SET DEFAULT nextval('public.audit_event_id_seq'::regclass);
ALTER TABLE ONLY public.card ALTER COLUMN id SET DEFAULT nextval('public.card_id_seq'::regclass);
ALTER TABLE ONLY public.card_event ALTER COLUMN id SET DEFAULT nextval('public.card_event_id_seq'::regclass);
ALTER TABLE ONLY public.card_programme ALTER COLUMN id SET DEFAULT nextval('public.card_programme_id_seq'::regclass);
ALTER TABLE ONLY public.card_revocation ALTER COLUMN id SET DEFAULT nextval('public.card_revocation_id_seq'::regclass);
ALTER TABLE ONLY public.card_revocation_step ALTER COLUMN id SET DEFAULT nextval('public.card_revocation_step_id_seq'::regclass);
ALTER TABLE ONLY public.card_tier ALTER COLUMN id SET DEFAULT nextval('public.card_tier_id_seq'::regclass);
ALTER TABLE ONLY public.casbin_rule ALTER COLUMN id SET DEFAULT nextval('public.casbin_rule_id_seq'::regclass);
ALTER TABLE ONLY public.change_feed ALTER COLUMN id SET DEFAULT nextval('public.change_feed_id_seq'::regclass);
ALTER TABLE ONLY public.complaint ALTER COLUMN id SET DEFAULT nextval('public.complaint_id_seq'::regclass);
ALTER TABLE ONLY public.complaint_step ALTER COLUMN id SET DEFAULT nextval('public.complaint_step_id_seq'::regclass);
ALTER TABLE ONLY public.custom_field_definition ALTER COLUMN id SET DEFAULT nextval('public.custom_field_definition_id_seq'::regclass);
ALTER TABLE ONLY public.dedicated_assignment ALTER COLUMN id SET DEFAULT nextval('public.dedicated_assignment_id_seq'::regclass);
ALTER TABLE ONLY public.department ALTER COLUMN id SET DEFAULT nextval('public.department_id_seq'::regclass);
ALTER TABLE ONLY public.direct_recognition_rule ALTER COLUMN id SET DEFAULT nextval('public.direct_recognition_rule_id_seq'::regclass);
ALTER TABLE ONLY public.employer ALTER COLUMN id SET DEFAULT nextval('public.employer_id_seq'::regclass);
ALTER TABLE ONLY public.entitlement ALTER COLUMN id SET DEFAULT nextval('public.entitlement_id_seq'::regclass);
ALTER TABLE ONLY public.evaluation ALTER COLUMN id SET DEFAULT nextval('public.evaluation_id_seq'::regclass);
ALTER TABLE ONLY public.family_member ALTER COLUMN id SET DEFAULT nextval('public.family_member_id_seq'::regclass);
ALTER TABLE ONLY public.fund_application ALTER COLUMN id SET DEFAULT nextval('public.fund_application_id_seq'::regclass);
ALTER TABLE ONLY public.fund_application_step ALTER COLUMN id SET DEFAULT nextval('public.fund_application_step_id_seq'::regclass);
ALTER TABLE ONLY public.fund_policy ALTER COLUMN id SET DEFAULT nextval('public.fund_policy_id_seq'::regclass);
ALTER TABLE ONLY public.grassroots_area ALTER COLUMN id SET DEFAULT nextval('public.grassroots_area_id_seq'::regclass);
ALTER TABLE ONLY public.grassroots_expert ALTER COLUMN id SET DEFAULT nextval('public.grassroots_expert_id_seq'::regclass);
ALTER TABLE ONLY public.grassroots_service ALTER COLUMN id SET DEFAULT nextval('public.grassroots_service_id_seq'::regclass);
ALTER TABLE ONLY public.handoff ALTER COLUMN id SET DEFAULT nextval('public.handoff_id_seq'::regclass);
ALTER TABLE ONLY public.handoff_extension ALTER COLUMN id SET DEFAULT nextval('public.handoff_extension_id_seq'::regclass);
ALTER TABLE ONLY public.idempotency_key ALTER COLUMN id SET DEFAULT nextval('public.idempotency_key_id_seq'::regclass);
ALTER TABLE ONLY public.ledger_entry ALTER COLUMN id SET DEFAULT nextval('public.ledger_entry_id_seq'::regclass);
ALTER TABLE ONLY public.local_calendar_day ALTER COLUMN id SET DEFAULT nextval('public.local_calendar_day_id_seq'::regclass);
ALTER TABLE ONLY public.login_throttle ALTER COLUMN id SET DEFAULT nextval('public.login_throttle_id_seq'::regclass);
ALTER TABLE ONLY public.notification ALTER COLUMN id SET DEFAULT nextval('public.notification_id_seq'::regclass);
ALTER TABLE ONLY public.outbox_entry ALTER COLUMN id SET DEFAULT nextval('public.outbox_entry_id_seq'::regclass);
ALTER TABLE ONLY public.payment ALTER COLUMN id SET DEFAULT nextval('public.payment_id_seq'::regclass);
ALTER TABLE ONLY public.payment_batch ALTER COLUMN id SET DEFAULT nextval('public.payment_batch_id_seq'::regclass);
ALTER TABLE ONLY public.policy_default ALTER COLUMN id SET DEFAULT nextval('public.policy_default_id_seq'::regclass);
ALTER TABLE ONLY public.policy_version ALTER COLUMN id SET DEFAULT nextval('public.policy_version_id_seq'::regclass);
ALTER TABLE ONLY public.quarterly_archive ALTER COLUMN id SET DEFAULT nextval('public.quarterly_archive_id_seq'::regclass);
ALTER TABLE ONLY public.recognition ALTER COLUMN id SET DEFAULT nextval('public.recognition_id_seq'::regclass);
ALTER TABLE ONLY public.recognition_objection ALTER COLUMN id SET DEFAULT nextval('public.recognition_objection_id_seq'::regclass);
ALTER TABLE ONLY public.recognition_step ALTER COLUMN id SET DEFAULT nextval('public.recognition_step_id_seq'::regclass);
ALTER TABLE ONLY public.recovery ALTER COLUMN id SET DEFAULT nextval('public.recovery_id_seq'::regclass);
ALTER TABLE ONLY public.repayment ALTER COLUMN id SET DEFAULT nextval('public.repayment_id_seq'::regclass);
ALTER TABLE ONLY public.saved_view ALTER COLUMN id SET DEFAULT nextval('public.saved_view_id_seq'::regclass);
ALTER TABLE ONLY public.service_item ALTER COLUMN id SET DEFAULT nextval('public.service_item_id_seq'::regclass);
ALTER TABLE ONLY public.service_item_department ALTER COLUMN id SET DEFAULT nextval('public.service_item_department_id_seq'::regclass);
ALTER TABLE ONLY public.service_request ALTER COLUMN id SET DEFAULT nextval('public.service_request_id_seq'::regclass);
ALTER TABLE ONLY public.service_request_item ALTER COLUMN id SET DEFAULT nextval('public.service_request_item_id_seq'::regclass);
ALTER TABLE ONLY public.service_window ALTER COLUMN id SET DEFAULT nextval('public.service_window_id_seq'::regclass);
ALTER TABLE ONLY public.source ALTER COLUMN id SET DEFAULT nextval('public.source_id_seq'::regclass);
ALTER TABLE ONLY public.source_error ALTER COLUMN id SET DEFAULT nextval('public.source_error_id_seq'::regclass);
ALTER TABLE ONLY public.source_record ALTER COLUMN id SET DEFAULT nextval('public.source_record_id_seq'::regclass);
ALTER TABLE ONLY public.specialist ALTER COLUMN id SET DEFAULT nextval('public.specialist_id_seq'::regclass);
ALTER TABLE ONLY public.specialist_succession ALTER COLUMN id SET DEFAULT nextval('public.specialist_succession_id_seq'::regclass);
ALTER TABLE ONLY public.specialist_training ALTER COLUMN id SET DEFAULT nextval('public.specialist_training_id_seq'::regclass);
ALTER TABLE ONLY public.status_change ALTER COLUMN id SET DEFAULT nextval('public.status_change_id_seq'::regclass);
ALTER TABLE ONLY public.supervision_record ALTER COLUMN id SET DEFAULT nextval('public.supervision_record_id_seq'::regclass);
ALTER TABLE ONLY public.supervision_rollup ALTER COLUMN id SET DEFAULT nextval('public.supervision_rollup_id_seq'::regclass);
ALTER TABLE ONLY public.talent ALTER COLUMN id SET DEFAULT nextval('public.talent_id_seq'::regclass);
ALTER TABLE ONLY public.talent_category ALTER COLUMN id SET DEFAULT nextval('public.talent_category_id_seq'::regclass);
ALTER TABLE ONLY public.talent_import ALTER COLUMN id SET DEFAULT nextval('public.talent_import_id_seq'::regclass);
ALTER TABLE ONLY public.tool ALTER COLUMN id SET DEFAULT nextval('public.tool_id_seq'::regclass);
ALTER TABLE ONLY public.tool_operation ALTER COLUMN id SET DEFAULT nextval('public.tool_operation_id_seq'::regclass);
ALTER TABLE ONLY public.tortoise_migrations ALTER COLUMN id SET DEFAULT nextval('public.tortoise_migrations_id_seq'::regclass);
SELECT pg_catalog.setval('public.api_token_id_seq', 1, false);
SELECT pg_catalog.setval('public.app_user_id_seq', 1, false);
SELECT pg_catalog.setval('public.appointment_id_seq', 1, false);
SELECT pg_catalog.setval('public.archive_entry_id_seq', 1, false);
SELECT pg_catalog.setval('public.audit_event_id_seq', 1, false);
SELECT pg_catalog.setval('public.card_event_id_seq', 1, false);
SELECT pg_catalog.setval('public.card_id_seq', 1, false);
SELECT pg_catalog.setval('public.card_programme_id_seq', 1, false);
SELECT pg_catalog.setval('public.card_revocation_id_seq', 1, false);
SELECT pg_catalog.setval('public.card_revocation_step_id_seq', 1, false);
SELECT pg_catalog.setval('public.card_tier_id_seq', 1, false);
SELECT pg_catalog.setval('public.casbin_rule_id_seq', 1, false);
SELECT pg_catalog.setval('public.change_feed_id_seq', 1, false);
SELECT pg_catalog.setval('public.complaint_id_seq', 1, false);
SELECT pg_catalog.setval('public.complaint_step_id_seq', 1, false);
SELECT pg_catalog.setval('public.custom_field_definition_id_seq', 1, false);
SELECT pg_catalog.setval('public.dedicated_assignment_id_seq', 1, false);
SELECT pg_catalog.setval('public.department_id_seq', 1, false);
SELECT pg_catalog.setval('public.direct_recognition_rule_id_seq', 1, false);
SELECT pg_catalog.setval('public.employer_id_seq', 1, false);
SELECT pg_catalog.setval('public.entitlement_id_seq', 1, false);
SELECT pg_catalog.setval('public.evaluation_id_seq', 1, false);
SELECT pg_catalog.setval('public.family_member_id_seq', 1, false);
SELECT pg_catalog.setval('public.fund_application_id_seq', 1, false);
SELECT pg_catalog.setval('public.fund_application_step_id_seq', 1, false);
SELECT pg_catalog.setval('public.fund_policy_id_seq', 1, false);
SELECT pg_catalog.setval('public.grassroots_area_id_seq', 1, false);
SELECT pg_catalog.setval('public.grassroots_expert_id_seq', 1, false);
SELECT pg_catalog.setval('public.grassroots_service_id_seq', 1, false);
SELECT pg_catalog.setval('public.handoff_extension_id_seq', 1, false);
SELECT pg_catalog.setval('public.handoff_id_seq', 1, false);
SELECT pg_catalog.setval('public.idempotency_key_id_seq', 1, false);
SELECT pg_catalog.setval('public.ledger_entry_id_seq', 1, false);
SELECT pg_catalog.setval('public.local_calendar_day_id_seq', 1, false);
SELECT pg_catalog.setval('public.login_throttle_id_seq', 1, false);
SELECT pg_catalog.setval('public.notification_id_seq', 1, false);
SELECT pg_catalog.setval('public.outbox_entry_id_seq', 1, false);
SELECT pg_catalog.setval('public.payment_batch_id_seq', 1, false);
SELECT pg_catalog.setval('public.payment_id_seq', 1, false);
SELECT pg_catalog.setval('public.policy_default_id_seq', 1, false);
SELECT pg_catalog.setval('public.policy_version_id_seq', 1, false);
SELECT pg_catalog.setval('public.quarterly_archive_id_seq', 1, false);
SELECT pg_catalog.setval('public.recognition_id_seq', 1, false);
SELECT pg_catalog.setval('public.recognition_objection_id_seq', 1, false);
SELECT pg_catalog.setval('public.recognition_step_id_seq', 1, false);
SELECT pg_catalog.setval('public.recovery_id_seq', 1, false);
SELECT pg_catalog.setval('public.repayment_id_seq', 1, false);
SELECT pg_catalog.setval('public.saved_view_id_seq', 1, false);
SELECT pg_catalog.setval('public.service_item_department_id_seq', 1, false);
SELECT pg_catalog.setval('public.service_item_id_seq', 1, false);
SELECT pg_catalog.setval('public.service_request_id_seq', 1, false);
SELECT pg_catalog.setval('public.service_request_item_id_seq', 1, false);
SELECT pg_catalog.setval('public.service_window_id_seq', 1, false);
SELECT pg_catalog.setval('public.source_error_id_seq', 1, false);
SELECT pg_catalog.setval('public.source_id_seq', 1, false);
SELECT pg_catalog.setval('public.source_record_id_seq', 1, false);
SELECT pg_catalog.setval('public.specialist_id_seq', 1, false);
SELECT pg_catalog.setval('public.specialist_succession_id_seq', 1, false);
SELECT pg_catalog.setval('public.specialist_training_id_seq', 1, false);
SELECT pg_catalog.setval('public.status_change_id_seq', 1, false);
SELECT pg_catalog.setval('public.supervision_record_id_seq', 1, false);
SELECT pg_catalog.setval('public.supervision_rollup_id_seq', 1, false);
SELECT pg_catalog.setval('public.talent_category_id_seq', 1, false);
SELECT pg_catalog.setval('public.talent_id_seq', 1, false);
SELECT pg_catalog.setval('public.talent_import_id_seq', 1, false);
SELECT pg_catalog.setval('public.tool_id_seq', 1, false);
SELECT pg_catalog.setval('public.tool_operation_id_seq', 1, false);
ALTER TABLE ONLY public.api_token
    ADD CONSTRAINT api_token_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.api_token
    ADD CONSTRAINT api_token_token_hash_key UNIQUE (token_hash);
ALTER TABLE ONLY public.app_user
    ADD CONSTRAINT app_user_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.app_user
    ADD CONSTRAINT app_user_username_key UNIQUE (username);
ALTER TABLE ONLY public.appointment
    ADD CONSTRAINT appointment_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.archive_entry
    ADD CONSTRAINT archive_entry_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.archive_entry
    ADD CONSTRAINT archive_entry_request_id_key UNIQUE (request_id);
ALTER TABLE ONLY public.audit_event
    ADD CONSTRAINT audit_event_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.audit_event
    ADD CONSTRAINT audit_event_seq_key UNIQUE (seq);
ALTER TABLE ONLY public.calendar_day
    ADD CONSTRAINT calendar_day_pkey PRIMARY KEY (day);
ALTER TABLE ONLY public.card_event
    ADD CONSTRAINT card_event_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.card
    ADD CONSTRAINT card_number_key UNIQUE (number);
ALTER TABLE ONLY public.card
    ADD CONSTRAINT card_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.card_programme
    ADD CONSTRAINT card_programme_code_key UNIQUE (code);
ALTER TABLE ONLY public.card_programme
    ADD CONSTRAINT card_programme_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.card_revocation
    ADD CONSTRAINT card_revocation_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.card_revocation_step
    ADD CONSTRAINT card_revocation_step_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.card_tier
    ADD CONSTRAINT card_tier_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.casbin_rule
    ADD CONSTRAINT casbin_rule_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.change_feed
    ADD CONSTRAINT change_feed_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.complaint
    ADD CONSTRAINT complaint_evaluation_id_key UNIQUE (evaluation_id);
ALTER TABLE ONLY public.complaint
    ADD CONSTRAINT complaint_number_key UNIQUE (number);
ALTER TABLE ONLY public.complaint
    ADD CONSTRAINT complaint_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.complaint_step
    ADD CONSTRAINT complaint_step_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.custom_field_definition
    ADD CONSTRAINT custom_field_definition_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.dedicated_assignment
    ADD CONSTRAINT dedicated_assignment_active_talent_id_key UNIQUE (active_talent_id);
ALTER TABLE ONLY public.dedicated_assignment
    ADD CONSTRAINT dedicated_assignment_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.department
    ADD CONSTRAINT department_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.direct_recognition_rule
    ADD CONSTRAINT direct_recognition_rule_code_key UNIQUE (code);
ALTER TABLE ONLY public.direct_recognition_rule
    ADD CONSTRAINT direct_recognition_rule_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.employer
    ADD CONSTRAINT employer_credit_code_key UNIQUE (credit_code);
ALTER TABLE ONLY public.employer
    ADD CONSTRAINT employer_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.entitlement
    ADD CONSTRAINT entitlement_application_id_key UNIQUE (application_id);
ALTER TABLE ONLY public.entitlement
    ADD CONSTRAINT entitlement_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.evaluation
    ADD CONSTRAINT evaluation_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.evaluation
    ADD CONSTRAINT evaluation_request_id_key UNIQUE (request_id);
ALTER TABLE ONLY public.family_member
    ADD CONSTRAINT family_member_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.fund_application
    ADD CONSTRAINT fund_application_number_key UNIQUE (number);
ALTER TABLE ONLY public.fund_application
    ADD CONSTRAINT fund_application_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.fund_application_step
    ADD CONSTRAINT fund_application_step_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.fund_policy
    ADD CONSTRAINT fund_policy_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.grassroots_area
    ADD CONSTRAINT grassroots_area_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.grassroots_expert
    ADD CONSTRAINT grassroots_expert_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.grassroots_service
    ADD CONSTRAINT grassroots_service_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.handoff_extension
    ADD CONSTRAINT handoff_extension_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.handoff
    ADD CONSTRAINT handoff_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.idempotency_key
    ADD CONSTRAINT idempotency_key_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.jurisdiction
    ADD CONSTRAINT jurisdiction_pkey PRIMARY KEY (code);
ALTER TABLE ONLY public.ledger_entry
    ADD CONSTRAINT ledger_entry_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.local_calendar_day
    ADD CONSTRAINT local_calendar_day_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.login_throttle
    ADD CONSTRAINT login_throttle_key_key UNIQUE (key);
ALTER TABLE ONLY public.login_throttle
    ADD CONSTRAINT login_throttle_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.notification
    ADD CONSTRAINT notification_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.outbox_entry
    ADD CONSTRAINT outbox_entry_key_key UNIQUE (key);
ALTER TABLE ONLY public.outbox_entry
    ADD CONSTRAINT outbox_entry_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.payment_batch
    ADD CONSTRAINT payment_batch_number_key UNIQUE (number);
ALTER TABLE ONLY public.payment_batch
    ADD CONSTRAINT payment_batch_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.payment
    ADD CONSTRAINT payment_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.policy_default
    ADD CONSTRAINT policy_default_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.policy_version
    ADD CONSTRAINT policy_version_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.quarterly_archive
    ADD CONSTRAINT quarterly_archive_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.recognition
    ADD CONSTRAINT recognition_number_key UNIQUE (number);
ALTER TABLE ONLY public.recognition_objection
    ADD CONSTRAINT recognition_objection_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.recognition
    ADD CONSTRAINT recognition_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.recognition_step
    ADD CONSTRAINT recognition_step_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.recovery
    ADD CONSTRAINT recovery_number_key UNIQUE (number);
ALTER TABLE ONLY public.recovery
    ADD CONSTRAINT recovery_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.repayment
    ADD CONSTRAINT repayment_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.report
    ADD CONSTRAINT report_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.saved_view
    ADD CONSTRAINT saved_view_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.service_item_department
    ADD CONSTRAINT service_item_department_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.service_item
    ADD CONSTRAINT service_item_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.service_request_item
    ADD CONSTRAINT service_request_item_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.service_request
    ADD CONSTRAINT service_request_number_key UNIQUE (number);
ALTER TABLE ONLY public.service_request
    ADD CONSTRAINT service_request_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.service_window
    ADD CONSTRAINT service_window_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.source_error
    ADD CONSTRAINT source_error_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.source
    ADD CONSTRAINT source_name_key UNIQUE (name);
ALTER TABLE ONLY public.source
    ADD CONSTRAINT source_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.source_record
    ADD CONSTRAINT source_record_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.specialist
    ADD CONSTRAINT specialist_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.specialist_succession
    ADD CONSTRAINT specialist_succession_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.specialist_training
    ADD CONSTRAINT specialist_training_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.status_change
    ADD CONSTRAINT status_change_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.supervision_record
    ADD CONSTRAINT supervision_record_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.supervision_rollup
    ADD CONSTRAINT supervision_rollup_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.talent_category
    ADD CONSTRAINT talent_category_code_key UNIQUE (code);
ALTER TABLE ONLY public.talent_category
    ADD CONSTRAINT talent_category_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.talent
    ADD CONSTRAINT talent_id_number_key UNIQUE (id_number);
ALTER TABLE ONLY public.talent_import
    ADD CONSTRAINT talent_import_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.talent
    ADD CONSTRAINT talent_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.tool_operation
    ADD CONSTRAINT tool_operation_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.tool
    ADD CONSTRAINT tool_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.tortoise_migrations
    ADD CONSTRAINT tortoise_migrations_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.card_tier
    ADD CONSTRAINT uid_card_tier_program_bfbc12 UNIQUE (programme_id, code);
ALTER TABLE ONLY public.casbin_rule
    ADD CONSTRAINT uid_casbin_rule_ptype_7c0b0d UNIQUE (ptype, v0, v1, v2, v3, v4, v5);
ALTER TABLE ONLY public.custom_field_definition
    ADD CONSTRAINT uid_custom_fiel_target__7675ff UNIQUE (target_type, jurisdiction_id, key);
ALTER TABLE ONLY public.department
    ADD CONSTRAINT uid_department_jurisdi_61cd51 UNIQUE (jurisdiction_id, name);
ALTER TABLE ONLY public.fund_policy
    ADD CONSTRAINT uid_fund_policy_code_62feaa UNIQUE (code, version);
ALTER TABLE ONLY public.grassroots_area
    ADD CONSTRAINT uid_grassroots__jurisdi_780cca UNIQUE (jurisdiction_id, kind);
ALTER TABLE ONLY public.grassroots_expert
    ADD CONSTRAINT uid_grassroots__year_772a1b UNIQUE (year, talent_id);
ALTER TABLE ONLY public.handoff
    ADD CONSTRAINT uid_handoff_request_942997 UNIQUE (request_id, item_id, department_id);
ALTER TABLE ONLY public.idempotency_key
    ADD CONSTRAINT uid_idempotency_user_id_8f6c25 UNIQUE (user_id, operation, key);
ALTER TABLE ONLY public.local_calendar_day
    ADD CONSTRAINT uid_local_calen_jurisdi_017573 UNIQUE (jurisdiction_id, day);
ALTER TABLE ONLY public.policy_default
    ADD CONSTRAINT uid_policy_defa_role_b579f5 UNIQUE (role, resource, action);
ALTER TABLE ONLY public.quarterly_archive
    ADD CONSTRAINT uid_quarterly_a_window__73f4f5 UNIQUE (window_id, year, quarter);
ALTER TABLE ONLY public.saved_view
    ADD CONSTRAINT uid_saved_view_owner_i_3f4093 UNIQUE (owner_id, connection, name);
ALTER TABLE ONLY public.service_item
    ADD CONSTRAINT uid_service_ite_code_d0098c UNIQUE (code, version);
ALTER TABLE ONLY public.service_item_department
    ADD CONSTRAINT uid_service_ite_item_id_8e35bf UNIQUE (item_id, department_id);
ALTER TABLE ONLY public.service_request_item
    ADD CONSTRAINT uid_service_req_request_8cc7af UNIQUE (request_id, item_id);
ALTER TABLE ONLY public.service_window
    ADD CONSTRAINT uid_service_win_jurisdi_554554 UNIQUE (jurisdiction_id, name);
ALTER TABLE ONLY public.source_record
    ADD CONSTRAINT uid_source_reco_source__709786 UNIQUE (source_id, kind, record_id);
ALTER TABLE ONLY public.supervision_rollup
    ADD CONSTRAINT uid_supervision_day_513f59 UNIQUE (day, kind, jurisdiction_id, unit_id);
ALTER TABLE ONLY public.supervision_record
    ADD CONSTRAINT uid_supervision_handoff_90335a UNIQUE (handoff_id, kind);
ALTER TABLE ONLY public.tool
    ADD CONSTRAINT uid_tool_key_f94280 UNIQUE (key, version);
ALTER TABLE ONLY public.tool_operation
    ADD CONSTRAINT uid_tool_operat_tool_id_e61216 UNIQUE (tool_id, sha256);
ALTER TABLE ONLY public.tortoise_migrations
    ADD CONSTRAINT uid_tortoise_mi_app_3803a5 UNIQUE (app, name);
CREATE INDEX employer_custom_fields_gin ON public.employer USING gin (custom_fields jsonb_path_ops);
CREATE INDEX idx_api_token_created_ee6b59 ON public.api_token USING btree (created_by_id);
CREATE INDEX idx_app_user_created_000ee6 ON public.app_user USING btree (created_at);
CREATE INDEX idx_app_user_departm_1708d1 ON public.app_user USING btree (department_id);
CREATE INDEX idx_app_user_jurisdi_b41393 ON public.app_user USING btree (jurisdiction_id, id);
CREATE INDEX idx_app_user_talent__19608d ON public.app_user USING btree (talent_id);
CREATE INDEX idx_appointment_at_51bbb8 ON public.appointment USING btree (at);
CREATE INDEX idx_appointment_handoff_ee7536 ON public.appointment USING btree (handoff_id);
CREATE INDEX idx_archive_ent_jurisdi_8904d3 ON public.archive_entry USING btree (jurisdiction_id, created_at);
CREATE INDEX idx_archive_ent_talent__88ab01 ON public.archive_entry USING btree (talent_id, id);
CREATE INDEX idx_audit_event_actor_5deb69 ON public.audit_event USING btree (actor, id);
CREATE INDEX idx_audit_event_at_500752 ON public.audit_event USING btree (at);
CREATE INDEX idx_audit_event_jurisdi_4d0b0f ON public.audit_event USING btree (jurisdiction_code);
CREATE INDEX idx_audit_event_operati_2aaef6 ON public.audit_event USING btree (operation);
CREATE INDEX idx_audit_event_seq_e4e15b ON public.audit_event USING btree (seq, id);
CREATE INDEX idx_audit_event_target__d347cb ON public.audit_event USING btree (target_type, target_id);
CREATE INDEX idx_calendar_da_kind_d96dd6 ON public.calendar_day USING btree (kind);
CREATE INDEX idx_card_event_card_id_05ea21 ON public.card_event USING btree (card_id, id);
CREATE INDEX idx_card_event_kind_6694de ON public.card_event USING btree (kind, card_id);
CREATE INDEX idx_card_expires_951246 ON public.card USING btree (expires_on);
CREATE INDEX idx_card_holder__40959b ON public.card USING btree (holder_id, status);
CREATE INDEX idx_card_issued__ecd2bd ON public.card USING btree (issued_on);
CREATE INDEX idx_card_jurisdi_1bf2d1 ON public.card USING btree (jurisdiction_id, id);
CREATE INDEX idx_card_progra_jurisdi_354aef ON public.card_programme USING btree (jurisdiction_id);
CREATE INDEX idx_card_progra_name_93e817 ON public.card_programme USING btree (name);
CREATE INDEX idx_card_program_842bea ON public.card USING btree (programme_id);
CREATE INDEX idx_card_revoca_card_id_50188c ON public.card_revocation USING btree (card_id, status);
CREATE INDEX idx_card_revoca_employe_b41339 ON public.card_revocation USING btree (employer_id);
CREATE INDEX idx_card_revoca_hr_depa_1ce150 ON public.card_revocation USING btree (hr_department_id);
CREATE INDEX idx_card_revoca_jurisdi_6d3437 ON public.card_revocation USING btree (jurisdiction_id, id);
CREATE INDEX idx_card_revoca_revocat_314c92 ON public.card_revocation_step USING btree (revocation_id, id);
CREATE INDEX idx_card_revoca_status_4f0161 ON public.card_revocation USING btree (status);
CREATE INDEX idx_card_revoca_talent__80c3ba ON public.card_revocation USING btree (talent_id);
CREATE INDEX idx_card_status_1303f2 ON public.card USING btree (status);
CREATE INDEX idx_card_tier_id_bd6558 ON public.card USING btree (tier_id);
CREATE INDEX idx_casbin_rule_ptype_294aba ON public.casbin_rule USING btree (ptype, v0);
CREATE INDEX idx_change_feed_jurisdi_25af03 ON public.change_feed USING btree (jurisdiction_id, txid, id);
CREATE INDEX idx_change_feed_kind_0e2705 ON public.change_feed USING btree (kind, record_id);
CREATE INDEX idx_change_feed_txid_34215a ON public.change_feed USING btree (txid, id);
CREATE INDEX idx_complaint_created_dbb715 ON public.complaint USING btree (created_at);
CREATE INDEX idx_complaint_departm_35fea9 ON public.complaint USING btree (department_id, status);
CREATE INDEX idx_complaint_jurisdi_c02023 ON public.complaint USING btree (jurisdiction_id, id);
CREATE INDEX idx_complaint_jurisdi_d80970 ON public.complaint USING btree (jurisdiction_id, created_at);
CREATE INDEX idx_complaint_kind_ace006 ON public.complaint USING btree (kind, status);
CREATE INDEX idx_complaint_request_f6b6a8 ON public.complaint USING btree (request_id);
CREATE INDEX idx_complaint_s_complai_9a97ea ON public.complaint_step USING btree (complaint_id, id);
CREATE INDEX idx_complaint_special_37046c ON public.complaint USING btree (specialist_id);
CREATE INDEX idx_complaint_status_fa26ee ON public.complaint USING btree (status, due_on);
CREATE INDEX idx_complaint_talent__9fa5ed ON public.complaint USING btree (talent_id, id);
CREATE INDEX idx_complaint_window__671703 ON public.complaint USING btree (window_id, status);
CREATE INDEX idx_custom_fiel_jurisdi_eba393 ON public.custom_field_definition USING btree (jurisdiction_id, target_type);
CREATE INDEX idx_custom_fiel_target__81ea63 ON public.custom_field_definition USING btree (target_type, key);
CREATE INDEX idx_dedicated_a_jurisdi_6fe4e0 ON public.dedicated_assignment USING btree (jurisdiction_id, id);
CREATE INDEX idx_dedicated_a_special_53271f ON public.dedicated_assignment USING btree (specialist_id, ended_at);
CREATE INDEX idx_dedicated_a_talent__60fc11 ON public.dedicated_assignment USING btree (talent_id, id);
CREATE INDEX idx_department_channel_e4b513 ON public.department USING btree (channel);
CREATE INDEX idx_department_jurisdi_c6eeb4 ON public.department USING btree (jurisdiction_id, function);
CREATE INDEX idx_department_name_8157e2 ON public.department USING btree (name);
CREATE INDEX idx_direct_reco_categor_360853 ON public.direct_recognition_rule USING btree (category_id);
CREATE INDEX idx_direct_reco_jurisdi_b27732 ON public.direct_recognition_rule USING btree (jurisdiction_id, id);
CREATE INDEX idx_direct_reco_kind_d38caf ON public.direct_recognition_rule USING btree (kind);
CREATE INDEX idx_employer_credit__293d38 ON public.employer USING btree (credit_code);
CREATE INDEX idx_employer_industr_6d2676 ON public.employer USING btree (industry);
CREATE INDEX idx_employer_jurisdi_50f2be ON public.employer USING btree (jurisdiction_id, id);
CREATE INDEX idx_employer_kind_13ed62 ON public.employer USING btree (kind);
CREATE INDEX idx_employer_name_78d702 ON public.employer USING btree (name);
CREATE INDEX idx_entitlement_employe_9e4cc8 ON public.entitlement USING btree (employer_id);
CREATE INDEX idx_entitlement_jurisdi_e9bd79 ON public.entitlement USING btree (jurisdiction_id, id);
CREATE INDEX idx_entitlement_policy__dc5ac6 ON public.entitlement USING btree (policy_id, status);
CREATE INDEX idx_entitlement_status_bd94c1 ON public.entitlement USING btree (status);
CREATE INDEX idx_entitlement_talent__144508 ON public.entitlement USING btree (talent_id, policy_code);
CREATE INDEX idx_evaluation_created_f486d7 ON public.evaluation USING btree (created_at);
CREATE INDEX idx_evaluation_score_e188b7 ON public.evaluation USING btree (score);
CREATE INDEX idx_family_memb_talent__312fc2 ON public.family_member USING btree (talent_id);
CREATE INDEX idx_fund_applic_applica_6f2fb5 ON public.fund_application_step USING btree (application_id, id);
CREATE INDEX idx_fund_applic_created_96895f ON public.fund_application USING btree (created_at);
CREATE INDEX idx_fund_applic_employe_a6e6ab ON public.fund_application USING btree (employer_id);
CREATE INDEX idx_fund_applic_jurisdi_58d877 ON public.fund_application USING btree (jurisdiction_id, id);
CREATE INDEX idx_fund_applic_policy__dc4737 ON public.fund_application USING btree (policy_id, status);
CREATE INDEX idx_fund_applic_status_64148d ON public.fund_application USING btree (status);
CREATE INDEX idx_fund_applic_talent__98df8f ON public.fund_application USING btree (talent_id, policy_id);
CREATE INDEX idx_fund_policy_jurisdi_e0d3d4 ON public.fund_policy USING btree (jurisdiction_id, id);
CREATE INDEX idx_fund_policy_name_363592 ON public.fund_policy USING btree (name);
CREATE INDEX idx_fund_policy_schedul_80a172 ON public.fund_policy USING btree (schedule);
CREATE INDEX idx_fund_policy_status_7f9412 ON public.fund_policy USING btree (status);
CREATE INDEX idx_grassroots__area_ju_c9c5a4 ON public.grassroots_service USING btree (area_jurisdiction_id, id);
CREATE INDEX idx_grassroots__expert__595c65 ON public.grassroots_service USING btree (expert_id);
CREATE INDEX idx_grassroots__jurisdi_2f7674 ON public.grassroots_service USING btree (jurisdiction_id, id);
CREATE INDEX idx_grassroots__jurisdi_854a13 ON public.grassroots_expert USING btree (jurisdiction_id, id);
CREATE INDEX idx_grassroots__payment_28ef61 ON public.grassroots_service USING btree (payment_id);
CREATE INDEX idx_grassroots__talent__4fa43e ON public.grassroots_expert USING btree (talent_id);
CREATE INDEX idx_grassroots__talent__f3f12b ON public.grassroots_service USING btree (talent_id);
CREATE INDEX idx_grassroots__year_0ea861 ON public.grassroots_expert USING btree (year, jurisdiction_id);
CREATE INDEX idx_grassroots__year_5b4116 ON public.grassroots_service USING btree (year, status);
CREATE INDEX idx_handoff_created_f2be50 ON public.handoff USING btree (created_at);
CREATE INDEX idx_handoff_departm_6583c4 ON public.handoff USING btree (department_id, created_at);
CREATE INDEX idx_handoff_departm_9326d6 ON public.handoff USING btree (department_id, status);
CREATE INDEX idx_handoff_due_on_2c65cc ON public.handoff USING btree (due_on);
CREATE INDEX idx_handoff_employe_01bf65 ON public.handoff USING btree (employer_id);
CREATE INDEX idx_handoff_ext_handoff_573479 ON public.handoff_extension USING btree (handoff_id);
CREATE INDEX idx_handoff_handler_c8b81a ON public.handoff USING btree (handler_id, created_at);
CREATE INDEX idx_handoff_item_id_bd2fd3 ON public.handoff USING btree (item_id);
CREATE INDEX idx_handoff_jurisdi_97de5b ON public.handoff USING btree (jurisdiction_id, id);
CREATE INDEX idx_handoff_jurisdi_dbaa95 ON public.handoff USING btree (jurisdiction_id, created_at);
CREATE INDEX idx_handoff_status_e71f42 ON public.handoff USING btree (status, due_on, jurisdiction_id, department_id, handler_id, created_at, id);
CREATE INDEX idx_handoff_talent__84aec4 ON public.handoff USING btree (talent_id);
CREATE INDEX idx_idempotency_created_98dcfd ON public.idempotency_key USING btree (created_at);
CREATE INDEX idx_jurisdictio_level_cf37fe ON public.jurisdiction USING btree (level, code);
CREATE INDEX idx_jurisdictio_name_18ab53 ON public.jurisdiction USING btree (name);
CREATE INDEX idx_jurisdictio_parent__1b8d9f ON public.jurisdiction USING btree (parent_id);
CREATE INDEX idx_ledger_entr_jurisdi_42f986 ON public.ledger_entry USING btree (jurisdiction_id, id);
CREATE INDEX idx_ledger_entr_payment_974c3b ON public.ledger_entry USING btree (payment_id);
CREATE INDEX idx_ledger_entr_policy__81ea9c ON public.ledger_entry USING btree (policy_id);
CREATE INDEX idx_ledger_entr_talent__c76547 ON public.ledger_entry USING btree (talent_id);
CREATE INDEX idx_local_calen_day_3a947f ON public.local_calendar_day USING btree (day);
CREATE INDEX idx_login_throt_account_e061f6 ON public.login_throttle USING btree (account);
CREATE INDEX idx_login_throt_last_fa_693df2 ON public.login_throttle USING btree (last_failure_at);
CREATE INDEX idx_notificatio_recipie_ec01ad ON public.notification USING btree (recipient_id, id);
CREATE INDEX idx_notificatio_related_3279a3 ON public.notification USING btree (related_type, related_id);
CREATE INDEX idx_notificatio_status_5b3cdf ON public.notification USING btree (status, created_at);
CREATE INDEX idx_outbox_entr_status_1e322e ON public.outbox_entry USING btree (status, created_at);
CREATE INDEX idx_payment_bat_jurisdi_471402 ON public.payment_batch USING btree (jurisdiction_id, id);
CREATE INDEX idx_payment_bat_jurisdi_80896f ON public.payment_batch USING btree (jurisdiction_id, period);
CREATE INDEX idx_payment_bat_status_190e33 ON public.payment_batch USING btree (status);
CREATE INDEX idx_payment_batch_i_bd9521 ON public.payment USING btree (batch_id, id);
CREATE INDEX idx_payment_jurisdi_cd2661 ON public.payment USING btree (jurisdiction_id, id);
CREATE INDEX idx_payment_policy__893075 ON public.payment USING btree (policy_id, period);
CREATE INDEX idx_payment_status_9811c6 ON public.payment USING btree (status);
CREATE INDEX idx_payment_talent__fc4841 ON public.payment USING btree (talent_id);
CREATE INDEX idx_quarterly_a_jurisdi_93ee6f ON public.quarterly_archive USING btree (jurisdiction_id, id);
CREATE INDEX idx_quarterly_a_year_a7c38e ON public.quarterly_archive USING btree (year, quarter);
CREATE INDEX idx_recognition_categor_d60a4c ON public.recognition USING btree (category_id);
CREATE INDEX idx_recognition_created_e18cad ON public.recognition USING btree (created_at);
CREATE INDEX idx_recognition_employe_17028e ON public.recognition USING btree (employer_id);
CREATE INDEX idx_recognition_jurisdi_3f0c7f ON public.recognition USING btree (jurisdiction_id, id);
CREATE INDEX idx_recognition_recogni_0f3834 ON public.recognition_objection USING btree (recognition_id, status);
CREATE INDEX idx_recognition_recogni_71c99e ON public.recognition_step USING btree (recognition_id, id);
CREATE INDEX idx_recognition_status_5f9adf ON public.recognition USING btree (status, publicity_until);
CREATE INDEX idx_recognition_talent__af2d9b ON public.recognition USING btree (talent_id, status);
CREATE INDEX idx_recovery_employe_e3bcce ON public.recovery USING btree (employer_id);
CREATE INDEX idx_recovery_entitle_7b92b9 ON public.recovery USING btree (entitlement_id);
CREATE INDEX idx_recovery_jurisdi_40c70b ON public.recovery USING btree (jurisdiction_id, id);
CREATE INDEX idx_recovery_policy__11cbbc ON public.recovery USING btree (policy_id);
CREATE INDEX idx_recovery_status_3015de ON public.recovery USING btree (status);
CREATE INDEX idx_recovery_talent__838a94 ON public.recovery USING btree (talent_id);
CREATE INDEX idx_repayment_recover_0b1604 ON public.repayment USING btree (recovery_id, id);
CREATE INDEX idx_report_expires_3b940e ON public.report USING btree (expires_at);
CREATE INDEX idx_report_jurisdi_82c8c3 ON public.report USING btree (jurisdiction_id);
CREATE INDEX idx_report_owner_i_569e47 ON public.report USING btree (owner_id, created_at);
CREATE INDEX idx_saved_view_connect_6c1cfd ON public.saved_view USING btree (connection, shared_role, shared_jurisdiction_id);
CREATE INDEX idx_service_ite_categor_5fd48f ON public.service_item USING btree (category);
CREATE INDEX idx_service_ite_departm_664fb5 ON public.service_item_department USING btree (department_id);
CREATE INDEX idx_service_ite_jurisdi_71aa41 ON public.service_item USING btree (jurisdiction_id, id);
CREATE INDEX idx_service_ite_mode_00cce8 ON public.service_item USING btree (mode);
CREATE INDEX idx_service_ite_name_b4aa0f ON public.service_item USING btree (name);
CREATE INDEX idx_service_ite_status_c9e1af ON public.service_item USING btree (status);
CREATE INDEX idx_service_ite_time_li_cf43bc ON public.service_item USING btree (time_limit_workdays);
CREATE INDEX idx_service_req_channel_5b2c22 ON public.service_request USING btree (channel);
CREATE INDEX idx_service_req_due_on_7fdc87 ON public.service_request USING btree (due_on);
CREATE INDEX idx_service_req_employe_afd9ee ON public.service_request USING btree (employer_id);
CREATE INDEX idx_service_req_item_id_b56a59 ON public.service_request_item USING btree (item_id);
CREATE INDEX idx_service_req_jurisdi_384465 ON public.service_request USING btree (jurisdiction_id, id);
CREATE INDEX idx_service_req_jurisdi_ec0b4a ON public.service_request USING btree (jurisdiction_id, received_at);
CREATE INDEX idx_service_req_receive_95f56b ON public.service_request USING btree (received_at);
CREATE INDEX idx_service_req_status_f6bcef ON public.service_request USING btree (status, due_on, jurisdiction_id, window_id, received_at, id);
CREATE INDEX idx_service_req_submitt_ebb8db ON public.service_request USING btree (submitted_by_id, received_at);
CREATE INDEX idx_service_req_talent__409982 ON public.service_request USING btree (talent_id, id);
CREATE INDEX idx_service_req_window__093d47 ON public.service_request USING btree (window_id, received_at);
CREATE INDEX idx_service_req_window__175341 ON public.service_request USING btree (window_id);
CREATE INDEX idx_service_win_name_c3e6b4 ON public.service_window USING btree (name);
CREATE INDEX idx_service_win_parent__0c16e5 ON public.service_window USING btree (parent_id);
CREATE INDEX idx_source_erro_source__096d8b ON public.source_error USING btree (source_id, id);
CREATE INDEX idx_source_jurisdi_904977 ON public.source USING btree (jurisdiction_id, id);
CREATE INDEX idx_source_reco_kind_0c2fca ON public.source_record USING btree (kind, jurisdiction_code, id);
CREATE INDEX idx_source_reco_kind_57fdde ON public.source_record USING btree (kind, city_code, ended_on);
CREATE INDEX idx_source_reco_kind_83cf6f ON public.source_record USING btree (kind, holder_key);
CREATE INDEX idx_source_reco_kind_bcecbf ON public.source_record USING btree (kind, city_code, started_on);
CREATE INDEX idx_source_reco_kind_fb9e2a ON public.source_record USING btree (kind, key);
CREATE INDEX idx_specialist__departm_ca1057 ON public.specialist_succession USING btree (department_id);
CREATE INDEX idx_specialist__employe_93fa13 ON public.specialist_succession USING btree (employer_id);
CREATE INDEX idx_specialist__jurisdi_826087 ON public.specialist_succession USING btree (jurisdiction_id, id);
CREATE INDEX idx_specialist__special_13216c ON public.specialist_succession USING btree (specialist_id, status);
CREATE INDEX idx_specialist__special_b81c77 ON public.specialist_training USING btree (specialist_id, held_on);
CREATE INDEX idx_specialist__status_6331bc ON public.specialist_succession USING btree (status);
CREATE INDEX idx_specialist__success_75d14b ON public.specialist_succession USING btree (successor_id);
CREATE INDEX idx_specialist_departm_c318f0 ON public.specialist USING btree (department_id);
CREATE INDEX idx_specialist_employe_abbad6 ON public.specialist USING btree (employer_id);
CREATE INDEX idx_specialist_jurisdi_9b588a ON public.specialist USING btree (jurisdiction_id, id);
CREATE INDEX idx_specialist_kind_4397c2 ON public.specialist USING btree (kind, status);
CREATE INDEX idx_specialist_name_f957a8 ON public.specialist USING btree (name);
CREATE INDEX idx_specialist_status_fcdacf ON public.specialist USING btree (status);
CREATE INDEX idx_specialist_window__ad1d89 ON public.specialist USING btree (window_id);
CREATE INDEX idx_status_chan_handoff_4b96db ON public.status_change USING btree (handoff_id);
CREATE INDEX idx_status_chan_request_858599 ON public.status_change USING btree (request_id, id);
CREATE INDEX idx_supervision_jurisdi_f73572 ON public.supervision_record USING btree (jurisdiction_id, created_at);
CREATE INDEX idx_supervision_kind_afcd3c ON public.supervision_record USING btree (kind);
CREATE INDEX idx_supervision_kind_e6609a ON public.supervision_rollup USING btree (kind, jurisdiction_id, day);
CREATE INDEX idx_talent_cate_jurisdi_716e16 ON public.talent_category USING btree (jurisdiction_id);
CREATE INDEX idx_talent_cate_ladder_7f847a ON public.talent_category USING btree (ladder, rank);
CREATE INDEX idx_talent_cate_name_82cb01 ON public.talent_category USING btree (name);
CREATE INDEX idx_talent_cate_rank_072c88 ON public.talent_category USING btree (rank);
CREATE INDEX idx_talent_categor_3572f0 ON public.talent USING btree (category_id);
CREATE INDEX idx_talent_created_34e10f ON public.talent USING btree (created_at);
CREATE INDEX idx_talent_educati_917777 ON public.talent USING btree (education);
CREATE INDEX idx_talent_employe_e84b64 ON public.talent USING btree (employer_id, id);
CREATE INDEX idx_talent_gender_9954d5 ON public.talent USING btree (gender);
CREATE INDEX idx_talent_id_hash_31113f ON public.talent USING btree (id_hash);
CREATE INDEX idx_talent_impo_owner_i_1c10e2 ON public.talent_import USING btree (owner_id, id);
CREATE INDEX idx_talent_impo_status_b9b716 ON public.talent_import USING btree (status);
CREATE INDEX idx_talent_introdu_02c5b8 ON public.talent USING btree (introduced_on);
CREATE INDEX idx_talent_jurisdi_23e620 ON public.talent USING btree (jurisdiction_id, status);
CREATE INDEX idx_talent_jurisdi_7590bc ON public.talent USING btree (jurisdiction_id, id);
CREATE INDEX idx_talent_name_76cf26 ON public.talent USING btree (name, id);
CREATE INDEX idx_talent_phone_231543 ON public.talent USING btree (phone);
CREATE INDEX idx_talent_status_fc83e1 ON public.talent USING btree (status);
CREATE INDEX idx_talent_updated_e17712 ON public.talent USING btree (updated_at);
CREATE INDEX idx_tool_jurisdi_4ffcf0 ON public.tool USING btree (jurisdiction_id, id);
CREATE INDEX idx_tool_name_5f5703 ON public.tool USING btree (name);
CREATE INDEX idx_tool_status_ef0dca ON public.tool USING btree (status);
CREATE INDEX idx_tool_templat_68971a ON public.tool USING btree (template_key, status);
CREATE UNIQUE INDEX payment_live_installment ON public.payment USING btree (entitlement_id, period) WHERE ((status)::text <> 'FAILED'::text);
CREATE INDEX service_request_custom_fields_gin ON public.service_request USING gin (custom_fields jsonb_path_ops);
CREATE INDEX talent_custom_fields_gin ON public.talent USING gin (custom_fields jsonb_path_ops);
CREATE UNIQUE INDEX uidx_card_tier_c_card_ti_615188 ON public.card_tier_category USING btree (card_tier_id, talentcategory_id);
CREATE UNIQUE INDEX uidx_service_ite_service_0c02e7 ON public.service_item_tier USING btree (service_item_id, cardtier_id);
CREATE UNIQUE INDEX uidx_specialist__special_833028 ON public.specialist_item USING btree (specialist_id, serviceitem_id);
CREATE TRIGGER card_change_feed AFTER INSERT OR DELETE OR UPDATE ON public.card FOR EACH ROW EXECUTE FUNCTION public.change_feed_write('CARD', 'number');
CREATE TRIGGER employer_change_feed AFTER INSERT OR DELETE OR UPDATE ON public.employer FOR EACH ROW EXECUTE FUNCTION public.change_feed_write('EMPLOYER', 'credit_code');
CREATE TRIGGER handoff_change_feed AFTER INSERT OR DELETE OR UPDATE ON public.handoff FOR EACH ROW EXECUTE FUNCTION public.change_feed_write('HANDOFF', '');
CREATE TRIGGER recognition_change_feed AFTER INSERT OR DELETE OR UPDATE ON public.recognition FOR EACH ROW EXECUTE FUNCTION public.change_feed_write('RECOGNITION', 'number');
CREATE TRIGGER service_request_change_feed AFTER INSERT OR DELETE OR UPDATE ON public.service_request FOR EACH ROW EXECUTE FUNCTION public.change_feed_write('SERVICE_REQUEST', 'number');
CREATE TRIGGER talent_change_feed AFTER INSERT OR DELETE ON public.talent FOR EACH ROW EXECUTE FUNCTION public.change_feed_write('TALENT', 'id_hash');
CREATE TRIGGER talent_change_feed_update AFTER UPDATE ON public.talent FOR EACH ROW WHEN (((NOT ((old.id_hash)::text IS DISTINCT FROM (new.id_hash)::text)) OR ((old.id_number)::text IS DISTINCT FROM (new.id_number)::text))) EXECUTE FUNCTION public.change_feed_write('TALENT', 'id_hash');
CREATE TRIGGER talent_id_hash_clear BEFORE UPDATE ON public.talent FOR EACH ROW WHEN ((((old.id_number)::text IS DISTINCT FROM (new.id_number)::text) AND (NOT ((old.id_hash)::text IS DISTINCT FROM (new.id_hash)::text)))) EXECUTE FUNCTION public.talent_id_hash_clear();
ALTER TABLE ONLY public.api_token
    ADD CONSTRAINT api_token_created_by_id_fkey FOREIGN KEY (created_by_id) REFERENCES public.app_user(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.app_user
    ADD CONSTRAINT app_user_department_id_fkey FOREIGN KEY (department_id) REFERENCES public.department(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.app_user
    ADD CONSTRAINT app_user_jurisdiction_id_fkey FOREIGN KEY (jurisdiction_id) REFERENCES public.jurisdiction(code) ON DELETE RESTRICT;
ALTER TABLE ONLY public.app_user
    ADD CONSTRAINT app_user_talent_id_fkey FOREIGN KEY (talent_id) REFERENCES public.talent(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.appointment
    ADD CONSTRAINT appointment_handoff_id_fkey FOREIGN KEY (handoff_id) REFERENCES public.handoff(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.archive_entry
    ADD CONSTRAINT archive_entry_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.service_request(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.archive_entry
    ADD CONSTRAINT archive_entry_talent_id_fkey FOREIGN KEY (talent_id) REFERENCES public.talent(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.card_event
    ADD CONSTRAINT card_event_card_id_fkey FOREIGN KEY (card_id) REFERENCES public.card(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.card
    ADD CONSTRAINT card_holder_id_fkey FOREIGN KEY (holder_id) REFERENCES public.talent(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.card
    ADD CONSTRAINT card_jurisdiction_id_fkey FOREIGN KEY (jurisdiction_id) REFERENCES public.jurisdiction(code) ON DELETE RESTRICT;
ALTER TABLE ONLY public.card
    ADD CONSTRAINT card_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES public.card_programme(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.card_programme
    ADD CONSTRAINT card_programme_jurisdiction_id_fkey FOREIGN KEY (jurisdiction_id) REFERENCES public.jurisdiction(code) ON DELETE RESTRICT;
ALTER TABLE ONLY public.card_revocation
    ADD CONSTRAINT card_revocation_card_id_fkey FOREIGN KEY (card_id) REFERENCES public.card(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.card_revocation
    ADD CONSTRAINT card_revocation_jurisdiction_id_fkey FOREIGN KEY (jurisdiction_id) REFERENCES public.jurisdiction(code) ON DELETE RESTRICT;
ALTER TABLE ONLY public.card_revocation_step
    ADD CONSTRAINT card_revocation_step_revocation_id_fkey FOREIGN KEY (revocation_id) REFERENCES public.card_revocation(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.card_tier_category
    ADD CONSTRAINT card_tier_category_card_tier_id_fkey FOREIGN KEY (card_tier_id) REFERENCES public.card_tier(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.card_tier_category
    ADD CONSTRAINT card_tier_category_talentcategory_id_fkey FOREIGN KEY (talentcategory_id) REFERENCES public.talent_category(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.card
    ADD CONSTRAINT card_tier_id_fkey FOREIGN KEY (tier_id) REFERENCES public.card_tier(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.card_tier
    ADD CONSTRAINT card_tier_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES public.card_programme(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.complaint
    ADD CONSTRAINT complaint_department_id_fkey FOREIGN KEY (department_id) REFERENCES public.department(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.complaint
    ADD CONSTRAINT complaint_evaluation_id_fkey FOREIGN KEY (evaluation_id) REFERENCES public.evaluation(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.complaint
    ADD CONSTRAINT complaint_jurisdiction_id_fkey FOREIGN KEY (jurisdiction_id) REFERENCES public.jurisdiction(code) ON DELETE RESTRICT;
ALTER TABLE ONLY public.complaint
    ADD CONSTRAINT complaint_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.service_request(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.complaint
    ADD CONSTRAINT complaint_specialist_id_fkey FOREIGN KEY (specialist_id) REFERENCES public.specialist(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.complaint_step
    ADD CONSTRAINT complaint_step_complaint_id_fkey FOREIGN KEY (complaint_id) REFERENCES public.complaint(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.complaint
    ADD CONSTRAINT complaint_talent_id_fkey FOREIGN KEY (talent_id) REFERENCES public.talent(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.complaint
    ADD CONSTRAINT complaint_window_id_fkey FOREIGN KEY (window_id) REFERENCES public.service_window(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.custom_field_definition
    ADD CONSTRAINT custom_field_definition_jurisdiction_id_fkey FOREIGN KEY (jurisdiction_id) REFERENCES public.jurisdiction(code) ON DELETE RESTRICT;
ALTER TABLE ONLY public.dedicated_assignment
    ADD CONSTRAINT dedicated_assignment_specialist_id_fkey FOREIGN KEY (specialist_id) REFERENCES public.specialist(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.dedicated_assignment
    ADD CONSTRAINT dedicated_assignment_talent_id_fkey FOREIGN KEY (talent_id) REFERENCES public.talent(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.department
    ADD CONSTRAINT department_jurisdiction_id_fkey FOREIGN KEY (jurisdiction_id) REFERENCES public.jurisdiction(code) ON DELETE RESTRICT;
ALTER TABLE ONLY public.direct_recognition_rule
    ADD CONSTRAINT direct_recognition_rule_category_id_fkey FOREIGN KEY (category_id) REFERENCES public.talent_category(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.direct_recognition_rule
    ADD CONSTRAINT direct_recognition_rule_jurisdiction_id_fkey FOREIGN KEY (jurisdiction_id) REFERENCES public.jurisdiction(code) ON DELETE RESTRICT;
ALTER TABLE ONLY public.employer
    ADD CONSTRAINT employer_jurisdiction_id_fkey FOREIGN KEY (jurisdiction_id) REFERENCES public.jurisdiction(code) ON DELETE RESTRICT;
ALTER TABLE ONLY public.entitlement
    ADD CONSTRAINT entitlement_application_id_fkey FOREIGN KEY (application_id) REFERENCES public.fund_application(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.entitlement
    ADD CONSTRAINT entitlement_policy_id_fkey FOREIGN KEY (policy_id) REFERENCES public.fund_policy(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.evaluation
    ADD CONSTRAINT evaluation_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.service_request(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.family_member
    ADD CONSTRAINT family_member_talent_id_fkey FOREIGN KEY (talent_id) REFERENCES public.talent(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.fund_application
    ADD CONSTRAINT fund_application_policy_id_fkey FOREIGN KEY (policy_id) REFERENCES public.fund_policy(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.fund_application_step
    ADD CONSTRAINT fund_application_step_application_id_fkey FOREIGN KEY (application_id) REFERENCES public.fund_application(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.fund_policy
    ADD CONSTRAINT fund_policy_jurisdiction_id_fkey FOREIGN KEY (jurisdiction_id) REFERENCES public.jurisdiction(code) ON DELETE RESTRICT;
ALTER TABLE ONLY public.grassroots_area
    ADD CONSTRAINT grassroots_area_jurisdiction_id_fkey FOREIGN KEY (jurisdiction_id) REFERENCES public.jurisdiction(code) ON DELETE RESTRICT;
ALTER TABLE ONLY public.grassroots_service
    ADD CONSTRAINT grassroots_service_expert_id_fkey FOREIGN KEY (expert_id) REFERENCES public.grassroots_expert(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.handoff
    ADD CONSTRAINT handoff_department_id_fkey FOREIGN KEY (department_id) REFERENCES public.department(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.handoff_extension
    ADD CONSTRAINT handoff_extension_handoff_id_fkey FOREIGN KEY (handoff_id) REFERENCES public.handoff(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.handoff
    ADD CONSTRAINT handoff_handler_id_fkey FOREIGN KEY (handler_id) REFERENCES public.app_user(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.handoff
    ADD CONSTRAINT handoff_item_id_fkey FOREIGN KEY (item_id) REFERENCES public.service_item(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.handoff
    ADD CONSTRAINT handoff_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.service_request(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.idempotency_key
    ADD CONSTRAINT idempotency_key_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.app_user(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.jurisdiction
    ADD CONSTRAINT jurisdiction_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.jurisdiction(code) ON DELETE RESTRICT;
ALTER TABLE ONLY public.local_calendar_day
    ADD CONSTRAINT local_calendar_day_jurisdiction_id_fkey FOREIGN KEY (jurisdiction_id) REFERENCES public.jurisdiction(code) ON DELETE RESTRICT;
ALTER TABLE ONLY public.notification
    ADD CONSTRAINT notification_recipient_id_fkey FOREIGN KEY (recipient_id) REFERENCES public.app_user(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.payment
    ADD CONSTRAINT payment_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES public.payment_batch(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.payment
    ADD CONSTRAINT payment_entitlement_id_fkey FOREIGN KEY (entitlement_id) REFERENCES public.entitlement(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.quarterly_archive
    ADD CONSTRAINT quarterly_archive_filed_to_id_fkey FOREIGN KEY (filed_to_id) REFERENCES public.service_window(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.quarterly_archive
    ADD CONSTRAINT quarterly_archive_report_id_fkey FOREIGN KEY (report_id) REFERENCES public.report(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.quarterly_archive
    ADD CONSTRAINT quarterly_archive_window_id_fkey FOREIGN KEY (window_id) REFERENCES public.service_window(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.recognition
    ADD CONSTRAINT recognition_category_id_fkey FOREIGN KEY (category_id) REFERENCES public.talent_category(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.recognition
    ADD CONSTRAINT recognition_direct_rule_id_fkey FOREIGN KEY (direct_rule_id) REFERENCES public.direct_recognition_rule(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.recognition
    ADD CONSTRAINT recognition_jurisdiction_id_fkey FOREIGN KEY (jurisdiction_id) REFERENCES public.jurisdiction(code) ON DELETE RESTRICT;
ALTER TABLE ONLY public.recognition_objection
    ADD CONSTRAINT recognition_objection_recognition_id_fkey FOREIGN KEY (recognition_id) REFERENCES public.recognition(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.recognition_step
    ADD CONSTRAINT recognition_step_recognition_id_fkey FOREIGN KEY (recognition_id) REFERENCES public.recognition(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.recognition
    ADD CONSTRAINT recognition_submitted_by_id_fkey FOREIGN KEY (submitted_by_id) REFERENCES public.app_user(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.recognition
    ADD CONSTRAINT recognition_talent_id_fkey FOREIGN KEY (talent_id) REFERENCES public.talent(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.recovery
    ADD CONSTRAINT recovery_entitlement_id_fkey FOREIGN KEY (entitlement_id) REFERENCES public.entitlement(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.repayment
    ADD CONSTRAINT repayment_recovery_id_fkey FOREIGN KEY (recovery_id) REFERENCES public.recovery(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.report
    ADD CONSTRAINT report_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.app_user(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.saved_view
    ADD CONSTRAINT saved_view_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.app_user(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.saved_view
    ADD CONSTRAINT saved_view_shared_jurisdiction_id_fkey FOREIGN KEY (shared_jurisdiction_id) REFERENCES public.jurisdiction(code) ON DELETE RESTRICT;
ALTER TABLE ONLY public.service_item_department
    ADD CONSTRAINT service_item_department_department_id_fkey FOREIGN KEY (department_id) REFERENCES public.department(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.service_item_department
    ADD CONSTRAINT service_item_department_item_id_fkey FOREIGN KEY (item_id) REFERENCES public.service_item(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.service_item
    ADD CONSTRAINT service_item_jurisdiction_id_fkey FOREIGN KEY (jurisdiction_id) REFERENCES public.jurisdiction(code) ON DELETE RESTRICT;
ALTER TABLE ONLY public.service_item_tier
    ADD CONSTRAINT service_item_tier_cardtier_id_fkey FOREIGN KEY (cardtier_id) REFERENCES public.card_tier(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.service_item_tier
    ADD CONSTRAINT service_item_tier_service_item_id_fkey FOREIGN KEY (service_item_id) REFERENCES public.service_item(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.service_request_item
    ADD CONSTRAINT service_request_item_item_id_fkey FOREIGN KEY (item_id) REFERENCES public.service_item(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.service_request_item
    ADD CONSTRAINT service_request_item_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.service_request(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.service_request
    ADD CONSTRAINT service_request_jurisdiction_id_fkey FOREIGN KEY (jurisdiction_id) REFERENCES public.jurisdiction(code) ON DELETE RESTRICT;
ALTER TABLE ONLY public.service_request
    ADD CONSTRAINT service_request_submitted_by_id_fkey FOREIGN KEY (submitted_by_id) REFERENCES public.app_user(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.service_request
    ADD CONSTRAINT service_request_talent_id_fkey FOREIGN KEY (talent_id) REFERENCES public.talent(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.service_request
    ADD CONSTRAINT service_request_window_id_fkey FOREIGN KEY (window_id) REFERENCES public.service_window(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.service_window
    ADD CONSTRAINT service_window_jurisdiction_id_fkey FOREIGN KEY (jurisdiction_id) REFERENCES public.jurisdiction(code) ON DELETE RESTRICT;
ALTER TABLE ONLY public.service_window
    ADD CONSTRAINT service_window_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.service_window(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.source_error
    ADD CONSTRAINT source_error_source_id_fkey FOREIGN KEY (source_id) REFERENCES public.source(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.source_record
    ADD CONSTRAINT source_record_source_id_fkey FOREIGN KEY (source_id) REFERENCES public.source(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.specialist
    ADD CONSTRAINT specialist_department_id_fkey FOREIGN KEY (department_id) REFERENCES public.department(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.specialist
    ADD CONSTRAINT specialist_employer_id_fkey FOREIGN KEY (employer_id) REFERENCES public.employer(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.specialist_item
    ADD CONSTRAINT specialist_item_serviceitem_id_fkey FOREIGN KEY (serviceitem_id) REFERENCES public.service_item(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.specialist_item
    ADD CONSTRAINT specialist_item_specialist_id_fkey FOREIGN KEY (specialist_id) REFERENCES public.specialist(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.specialist
    ADD CONSTRAINT specialist_jurisdiction_id_fkey FOREIGN KEY (jurisdiction_id) REFERENCES public.jurisdiction(code) ON DELETE RESTRICT;
ALTER TABLE ONLY public.specialist_succession
    ADD CONSTRAINT specialist_succession_specialist_id_fkey FOREIGN KEY (specialist_id) REFERENCES public.specialist(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.specialist_succession
    ADD CONSTRAINT specialist_succession_successor_id_fkey FOREIGN KEY (successor_id) REFERENCES public.specialist(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.specialist_training
    ADD CONSTRAINT specialist_training_specialist_id_fkey FOREIGN KEY (specialist_id) REFERENCES public.specialist(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.specialist
    ADD CONSTRAINT specialist_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.app_user(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.specialist
    ADD CONSTRAINT specialist_window_id_fkey FOREIGN KEY (window_id) REFERENCES public.service_window(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.status_change
    ADD CONSTRAINT status_change_handoff_id_fkey FOREIGN KEY (handoff_id) REFERENCES public.handoff(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.status_change
    ADD CONSTRAINT status_change_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.service_request(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.supervision_record
    ADD CONSTRAINT supervision_record_handoff_id_fkey FOREIGN KEY (handoff_id) REFERENCES public.handoff(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.talent
    ADD CONSTRAINT talent_category_id_fkey FOREIGN KEY (category_id) REFERENCES public.talent_category(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.talent_category
    ADD CONSTRAINT talent_category_jurisdiction_id_fkey FOREIGN KEY (jurisdiction_id) REFERENCES public.jurisdiction(code) ON DELETE RESTRICT;
ALTER TABLE ONLY public.talent
    ADD CONSTRAINT talent_employer_id_fkey FOREIGN KEY (employer_id) REFERENCES public.employer(id) ON DELETE RESTRICT;
ALTER TABLE ONLY public.talent_import
    ADD CONSTRAINT talent_import_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.app_user(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.talent
    ADD CONSTRAINT talent_jurisdiction_id_fkey FOREIGN KEY (jurisdiction_id) REFERENCES public.jurisdiction(code) ON DELETE RESTRICT;
ALTER TABLE ONLY public.tool
    ADD CONSTRAINT tool_jurisdiction_id_fkey FOREIGN KEY (jurisdiction_id) REFERENCES public.jurisdiction(code) ON DELETE RESTRICT;
ALTER TABLE ONLY public.tool_operation
    ADD CONSTRAINT tool_operation_tool_id_fkey FOREIGN KEY (tool_id) REFERENCES public.tool(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.tool
    ADD CONSTRAINT tool_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.jurisdiction(code) ON DELETE RESTRICT;
