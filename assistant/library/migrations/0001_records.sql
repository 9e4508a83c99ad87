-- jixiao shared indicator library, version 1: records with provenance and review status, a
-- version for incremental sync, the department of each login role, and row-level security.
-- Applied by `jixiao library init` (assistant/library/migrations.py) once, in one transaction,
-- after the schema `jixiao` and the group roles jixiao_department / jixiao_reviewer exist.

-- Which library this is: a local snapshot of another (or a re-created) library is not reused.
CREATE TABLE jixiao.instance (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO jixiao.instance DEFAULT VALUES;

CREATE TABLE jixiao.members (
    role name PRIMARY KEY,
    department text CHECK (department <> ''),
    reviewer boolean NOT NULL DEFAULT false
);

-- The department the connected role submits for (NULL for a role that has none).
CREATE FUNCTION jixiao.current_department() RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT department FROM jixiao.members WHERE role = current_user $$;

CREATE SEQUENCE jixiao.record_version;

CREATE TABLE jixiao.records (
    id text PRIMARY KEY,
    department text NOT NULL CHECK (department <> ''),
    project text,
    year integer,
    source_table text NOT NULL,
    source_row integer,
    record jsonb NOT NULL,
    status text NOT NULL DEFAULT '待审核' CHECK (status IN ('待审核', '已入库', '退回')),
    submitted_by text NOT NULL DEFAULT current_user,
    submitted_at timestamptz NOT NULL DEFAULT now(),
    reviewer text,
    reviewed_at timestamptz,
    reason text,
    version bigint NOT NULL,
    -- Once approved, a record's later changes (a withdrawal) are seen by every department.
    published boolean NOT NULL DEFAULT false,
    CHECK (status <> '退回' OR coalesce(reason, '') <> '')
);
CREATE INDEX records_version ON jixiao.records (version);
CREATE INDEX records_status ON jixiao.records (status, department);

-- Every insert and every update takes the next version. The advisory lock is held until the
-- transaction ends, so versions are handed out in commit order: a reader that has seen version N
-- has seen every version below it, and `changes(since)` never skips a record.
CREATE FUNCTION jixiao.records_stamp() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('jixiao.record_version'));
    NEW.version := nextval('jixiao.record_version');
    IF TG_OP = 'INSERT' THEN
        NEW.submitted_by := current_user;
        NEW.submitted_at := now();
        NEW.published := false;
    ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
        NEW.reviewer := current_user;
        NEW.reviewed_at := now();
        NEW.published := OLD.published OR NEW.status = '已入库';
        IF NEW.status <> '退回' THEN
            NEW.reason := NULL;
        END IF;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER records_stamp BEFORE INSERT OR UPDATE ON jixiao.records
    FOR EACH ROW EXECUTE FUNCTION jixiao.records_stamp();

ALTER TABLE jixiao.records ENABLE ROW LEVEL SECURITY;

-- A department reads what is approved (or was: it learns of a withdrawal), and all of its own.
CREATE POLICY department_reads ON jixiao.records FOR SELECT TO jixiao_department
    USING (published OR department = jixiao.current_department());
-- A department submits for itself only, and a submission starts pending.
CREATE POLICY department_submits ON jixiao.records FOR INSERT TO jixiao_department
    WITH CHECK (department = jixiao.current_department() AND status = '待审核');
-- A reviewer reads everything, and decides on every department's records but its own.
CREATE POLICY reviewer_reads ON jixiao.records FOR SELECT TO jixiao_reviewer USING (true);
CREATE POLICY reviewer_decides ON jixiao.records FOR UPDATE TO jixiao_reviewer
    USING (department IS DISTINCT FROM jixiao.current_department())
    WITH CHECK (department IS DISTINCT FROM jixiao.current_department());

GRANT USAGE ON SCHEMA jixiao TO jixiao_department, jixiao_reviewer;
GRANT SELECT ON jixiao.members, jixiao.schema_version, jixiao.instance TO jixiao_department, jixiao_reviewer;
GRANT SELECT, INSERT ON jixiao.records TO jixiao_department;
GRANT SELECT ON jixiao.records TO jixiao_reviewer;
GRANT UPDATE (status, reason) ON jixiao.records TO jixiao_reviewer;
GRANT USAGE ON SEQUENCE jixiao.record_version TO jixiao_department, jixiao_reviewer;
