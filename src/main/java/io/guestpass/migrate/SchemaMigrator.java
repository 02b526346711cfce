package io.guestpass.migrate;

import io.guestpass.platform.GuestpassConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Applies the versioned migrations (Flyway), creates the first signing key if there is none, then makes sure the
 * application's database user exists with only data manipulation rights. Used by the migrate function and by development mode; tests migrate at start.
 */
@ApplicationScoped
public class SchemaMigrator {

    private static final Pattern ROLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Instance<Flyway> flyway;
    private final Instance<AgroalDataSource> dataSource;
    private final FirstSigningKey firstSigningKey;
    private final Optional<String> appUser;
    private final Optional<String> appPassword;

    SchemaMigrator(Instance<Flyway> flyway, Instance<AgroalDataSource> dataSource, FirstSigningKey firstSigningKey,
            GuestpassConfig config) {
        this.flyway = flyway;
        this.dataSource = dataSource;
        this.firstSigningKey = firstSigningKey;
        this.appUser = config.db().app().username();
        this.appPassword = config.db().app().password();
    }

    public Map<String, Object> migrate() {
        MigrateResult result = flyway.get().migrate();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("migrationsExecuted", result.migrationsExecuted);
        report.put("schemaVersion", result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion);
        report.put("signingKeyCreated", firstSigningKey.createIfNone());
        if (appUser.isPresent() && appPassword.isPresent()) {
            grantApplicationRole(appUser.get(), appPassword.get());
            report.put("applicationRole", appUser.get());
        }
        return report;
    }

    /**
     * The application role may read and write rows, never change the schema. The audit trail is append-only for it and
     * Flyway's history is out of its reach; purging and erasing audit data go through the schema owner's functions (V6).
     * One transaction: the role never holds the broad grant without the revocations that follow it.
     */
    private void grantApplicationRole(String role, String password) {
        if (!ROLE_NAME.matcher(role).matches()) {
            throw new IllegalArgumentException("guestpass.db.app.username is not a plain role name");
        }
        try (Connection connection = dataSource.get().getConnection(); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            sql.execute("do $$ begin if not exists (select 1 from pg_roles where rolname = '" + role + "') then "
                    + "create role " + role + " login; end if; end $$");
            sql.execute("alter role " + role + " with login");
            setPassword(connection, role, password);
            sql.execute("grant usage on schema public to " + role);
            sql.execute("grant select, insert, update, delete on all tables in schema public to " + role);
            sql.execute("alter default privileges in schema public grant select, insert, update, delete on tables to " + role);
            sql.execute("revoke update, delete, truncate on audit_event from " + role);
            sql.execute("revoke all on flyway_schema_history from " + role);
            sql.execute("grant execute on function purge_audit_events(timestamptz), erase_audit_personal_data(uuid) to " + role);
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set up the application role", e);
        }
    }

    /**
     * Sends a SCRAM-SHA-256 verifier computed here (random salt, 4096 iterations), never the password: the server logs
     * every DDL statement ({@code log_statement=ddl}) and those logs leave the database.
     */
    private static void setPassword(Connection connection, String role, String password) throws SQLException {
        connection.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
    }
}
