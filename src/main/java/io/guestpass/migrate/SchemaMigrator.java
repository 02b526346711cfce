package io.guestpass.migrate;

import io.guestpass.platform.GuestpassConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Applies the versioned migrations (Flyway), then makes sure the application's database user exists with only data
 * manipulation rights. Used by the migrate function and by development mode; tests migrate at start.
 */
@ApplicationScoped
public class SchemaMigrator {

    private static final Pattern ROLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Instance<Flyway> flyway;
    private final Instance<AgroalDataSource> dataSource;
    private final Optional<String> appUser;
    private final Optional<String> appPassword;

    SchemaMigrator(Instance<Flyway> flyway, Instance<AgroalDataSource> dataSource,
            GuestpassConfig config) {
        this.flyway = flyway;
        this.dataSource = dataSource;
        this.appUser = config.db().app().username();
        this.appPassword = config.db().app().password();
    }

    public Map<String, Object> migrate() {
        MigrateResult result = flyway.get().migrate();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("migrationsExecuted", result.migrationsExecuted);
        report.put("schemaVersion", result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion);
        if (appUser.isPresent() && appPassword.isPresent()) {
            grantApplicationRole(appUser.get(), appPassword.get());
            report.put("applicationRole", appUser.get());
        }
        return report;
    }

    /** The application role may read and write rows, never change the schema. */
    private void grantApplicationRole(String role, String password) {
        if (!ROLE_NAME.matcher(role).matches()) {
            throw new IllegalArgumentException("guestpass.db.app.username is not a plain role name");
        }
        String literal = "'" + password.replace("'", "''") + "'";
        try (Connection connection = dataSource.get().getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("do $$ begin if not exists (select 1 from pg_roles where rolname = '" + role + "') then "
                    + "create role " + role + " login; end if; end $$");
            sql.execute("alter role " + role + " with login password " + literal);
            sql.execute("grant usage on schema public to " + role);
            sql.execute("grant select, insert, update, delete on all tables in schema public to " + role);
            sql.execute("alter default privileges in schema public grant select, insert, update, delete on tables to " + role);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set up the application role", e);
        }
    }
}
