namespace Cortex.Migrator.ServiceRoles;

/// <summary>
/// The SQL that provisions one service role. The role name and password verifier travel as
/// transaction-local settings (set from bind parameters), so neither is ever part of a statement's
/// text: not in a trace of it, nor in the server's statement log.
/// </summary>
internal static class ServiceRoleStatements
{
    public const string Bind = "SELECT set_config('cortex.service_role', $1, true), set_config('cortex.service_verifier', $2, true)";

    // Attributes spelled out although they are the defaults: a reader sees what the role may not do.
    public const string EnsureRole = """
        DO $$
        DECLARE
            v_role text := current_setting('cortex.service_role');
            v_verifier text := current_setting('cortex.service_verifier');
        BEGIN
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_role) THEN
                EXECUTE format('ALTER ROLE %I WITH LOGIN PASSWORD %L', v_role, v_verifier);
            ELSE
                EXECUTE format('CREATE ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS PASSWORD %L', v_role, v_verifier);
            END IF;
        END
        $$
        """;

    /// <summary>What an existing role may hold that a service must not; the migrator refuses rather than guess.</summary>
    public const string Problems = """
        SELECT array_remove(ARRAY[
            CASE WHEN r.rolsuper THEN 'is a superuser' END,
            CASE WHEN r.rolcreaterole THEN 'may create roles' END,
            CASE WHEN r.rolcreatedb THEN 'may create databases' END,
            CASE WHEN r.rolreplication THEN 'may start replication' END,
            CASE WHEN r.rolbypassrls THEN 'bypasses row-level security' END,
            CASE WHEN EXISTS (SELECT 1 FROM pg_auth_members m WHERE m.member = r.oid) THEN 'is a member of other roles' END,
            CASE WHEN EXISTS (SELECT 1 FROM pg_shdepend d WHERE d.refobjid = r.oid AND d.deptype = 'o'
                AND d.dbid IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))) THEN 'owns objects' END
        ], NULL)
        FROM pg_roles r WHERE r.rolname = current_setting('cortex.service_role')
        """;

    /// <summary>Everything the role holds in this database goes, so the grants file that follows is the whole truth.</summary>
    public const string RevokeEverything = """
        DO $$
        DECLARE
            v_role text := current_setting('cortex.service_role');
            v_schema name;
        BEGIN
            FOR v_schema IN SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\_%' AND nspname <> 'information_schema' LOOP
                EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM %I', v_schema, v_role);
                EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM %I', v_schema, v_role);
                EXECUTE format('REVOKE ALL ON ALL ROUTINES IN SCHEMA %I FROM %I', v_schema, v_role);
                EXECUTE format('REVOKE ALL ON SCHEMA %I FROM %I', v_schema, v_role);
            END LOOP;
            EXECUTE format('REVOKE ALL ON DATABASE %I FROM %I', current_database(), v_role);
        END
        $$
        """;

    /// <summary>
    /// What every role gets by default and a service must not have: creating objects in <c>public</c>
    /// (PostgreSQL 15 stopped granting it; older servers still do) and temporary tables.
    /// </summary>
    public const string RevokeFromPublic = """
        REVOKE CREATE ON SCHEMA public FROM PUBLIC;
        DO $$ BEGIN EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database()); END $$
        """;
}
