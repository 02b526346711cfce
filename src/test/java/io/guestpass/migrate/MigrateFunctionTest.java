package io.guestpass.migrate;

import io.guestpass.directory.SigningKey;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.SigningKeyRows;
import io.guestpass.platform.DataCipher;
import jakarta.inject.Inject;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.AfterEach;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** The artifact as the migrate function: migrations, and an application role that can change rows but not the schema. */
@QuarkusTest
@TestProfile(MigrateFunctionTest.MigrateRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class MigrateFunctionTest {

    public static class MigrateRole implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("guestpass.function", "migrate",
                    "guestpass.db.app.username", "guestpass_app",
                    "guestpass.db.app.password", APP_PASSWORD);
        }
    }

    private static final String APP_PASSWORD = "app-secret-'quoted";

    @Inject
    FirstSigningKey firstSigningKey;

    @Inject
    DataCipher cipher;

    @AfterEach
    void leaveOneCurrentSigningKey() {
        SigningKeyRows.resetToOneCurrentKey(firstSigningKey);
    }

    @Test
    void migrateCreatesTheFirstSigningKeyOnceSealedWithTheDataKey() throws Exception {
        Directory.execute("delete from signing_key");

        given().post("/internal/migrate").then().statusCode(200).body("signingKeyCreated", equalTo(true));
        given().post("/internal/migrate").then().statusCode(200).body("signingKeyCreated", equalTo(false));

        assertEquals(1, Directory.count("select count(*) from signing_key"));
        String kid = SigningKeyRows.kid("current");
        assertNotNull(kid, "the first key signs at once");
        String sealed = Directory.text("select sealed_private_key from signing_key where kid = ?", kid);
        String publicJwk = Directory.text("select public_jwk from signing_key where kid = ?", kid);
        // the private key is stored only sealed: neither the row's text nor its public JWK holds a private member
        assertTrue(sealed.startsWith("v1."), sealed);
        for (String column : List.of(sealed, publicJwk)) {
            for (String member : List.of("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"")) {
                assertFalse(column.contains(member), member + " in " + column);
            }
        }
        assertFalse(Directory.text("select row(s.*)::text from signing_key s").contains("PRIVATE"));
        // and it opens, with the data key, to the private half of the published key
        PublicJsonWebKey opened = SigningKey.openPrivate(kid, sealed, cipher);
        assertEquals(PublicJsonWebKey.Factory.newPublicJwk(publicJwk).getPublicKey(), opened.getPublicKey());
        assertEquals(2048, ((java.security.interfaces.RSAPublicKey) opened.getPublicKey()).getModulus().bitLength());
        assertThrows(IllegalStateException.class, () -> cipher.open("mail", sealed), "sealed for its own purpose only");
    }

    /** Two migrate runs racing (a retried deployment): one key, whichever wins. */
    @Test
    void racingMigrateRunsLeaveExactlyOneFirstKey() throws Exception {
        Directory.execute("delete from signing_key");
        int racers = 4;
        CyclicBarrier start = new CyclicBarrier(racers);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<Boolean>> created = new java.util.ArrayList<>();
            for (int i = 0; i < racers; i++) {
                created.add(pool.submit(() -> {
                    start.await();
                    return firstSigningKey.createIfNone();
                }));
            }
            long winners = 0;
            for (Future<Boolean> each : created) {
                winners += each.get() ? 1 : 0;
            }
            assertEquals(1, winners);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, Directory.count("select count(*) from signing_key"));
        assertEquals(1, SigningKeyRows.count("current"));
    }
    private static final String ERASED_USER = "6f1c4c8e-9a53-4a43-9d47-2f6b0a5e6c11";

    @Test
    void migratingTwiceIsSafeAndSetsUpTheApplicationRole() throws SQLException {
        given().post("/internal/migrate").then().statusCode(200)
                .body("schemaVersion", notNullValue())
                .body("applicationRole", equalTo("guestpass_app"));
        given().post("/internal/migrate").then().statusCode(200).body("migrationsExecuted", equalTo(0));
        given().get("/v1.0/users").then().statusCode(404);

        try (Connection app = DriverManager.getConnection(url(), "guestpass_app", APP_PASSWORD)) {
            app.createStatement().execute("select count(*) from guest_user");
            SQLException refused = assertThrows(SQLException.class, () -> app.createStatement().execute("create table intruder (id int)"));
            assertTrue(refused.getMessage().contains("permission denied"), refused.getMessage());
            assertThrows(SQLException.class, () -> app.createStatement().execute("drop table guest_user"));
        }
        assertEquals(1, Directory.count("select count(*) from pg_roles where rolname = 'guestpass_app'"));
    }

    @Test
    void thePasswordReachesTheDatabaseOnlyAsAScramVerifier() throws Exception {
        given().post("/internal/migrate").then().statusCode(200);

        String verifier = Directory.text("select rolpassword from pg_authid where rolname = 'guestpass_app'");
        Matcher scram = Pattern.compile("SCRAM-SHA-256\\$4096:([^$]+)\\$[^:]+:.+").matcher(verifier);
        assertTrue(scram.matches(), verifier);
        assertEquals(16, Base64.getDecoder().decode(scram.group(1)).length, "a 16-byte salt");
        // the server logged the statement (log_statement=ddl, as on Aurora): with the verifier, never with the password
        Path log = GuestpassTestResources.postgresLog();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains(verifier));
        assertFalse(Files.readString(log).contains("app-secret"), "the password is in the database's log");

        try (Connection app = DriverManager.getConnection(url(), "guestpass_app", APP_PASSWORD)) {
            assertTrue(app.isValid(2));
        }
    }

    @Test
    void theApplicationRoleAppendsToTheAuditTrailButRewritesNeitherItNorFlywaysHistory() throws SQLException {
        given().post("/internal/migrate").then().statusCode(200);
        Directory.execute("truncate audit_event");
        Directory.execute("insert into audit_event (id, occurred_at, action, target_type, target_id, personal_data) values "
                + "(gen_random_uuid(), now() - interval '500 days', 'user.updated', 'user', 'old', null), "
                + "(gen_random_uuid(), now() - interval '40 days', 'user.updated', 'user', 'past-retention', null), "
                + "(gen_random_uuid(), now() - interval '1 day', 'user.updated', 'user', 'recent', null), "
                + "(gen_random_uuid(), now(), 'user.invited', 'user', '" + ERASED_USER + "', '{\"mail\":\"ada@example.com\"}')");
        // as AuditTrail writes it: an event about a user names the user in user_id
        Directory.execute("update audit_event set user_id = target_id::uuid where target_id = ?", ERASED_USER);

        try (Connection app = DriverManager.getConnection(url(), "guestpass_app", APP_PASSWORD)) {
            Statement sql = app.createStatement();
            sql.execute("insert into audit_event (id, occurred_at, action, target_type) values (gen_random_uuid(), now(), 'probe', 'user')");
            for (String rewrite : List.of("delete from audit_event", "update audit_event set action = 'forged'",
                    "truncate audit_event", "select * from flyway_schema_history",
                    "update flyway_schema_history set checksum = 0", "delete from flyway_schema_history",
                    "insert into flyway_schema_history (installed_rank, description, type, script, installed_by, success) "
                            + "values (999, 'forged', 'SQL', 'forged.sql', 'guestpass_app', true)")) {
                SQLException refused = assertThrows(SQLException.class, () -> sql.execute(rewrite), rewrite);
                assertEquals("42501", refused.getSQLState(), rewrite + ": " + refused.getMessage());
            }

            // what the application legitimately removes goes through the schema owner's functions, and only that
            assertEquals(2, single(sql, "select purge_audit_events(now())"), "beyond the retention, never the last 30 days");
            assertEquals(1, single(sql, "select erase_audit_personal_data('" + ERASED_USER + "')"));

            // applications (V7): the trigger that claims identifier URIs runs with the application role's own rights
            sql.execute("insert into application (id, app_id, display_name, sign_in_audience, identifier_uris, created_at) values "
                    + "(gen_random_uuid(), gen_random_uuid(), 'probe', 'AzureADMyOrg', '{api://probe}', now())");
            assertEquals(1, single(sql, "select count(*) from application_identifier_uri where uri = 'api://probe'"));
            sql.execute("delete from application where display_name = 'probe'");
            assertEquals(0, single(sql, "select count(*) from application_identifier_uri where uri = 'api://probe'"));
        }
        assertEquals(0, Directory.count("select count(*) from audit_event where target_id in ('old', 'past-retention')"));
        assertEquals(1, Directory.count("select count(*) from audit_event where target_id = 'recent'"));
        assertEquals(1, Directory.count("select count(*) from audit_event where target_id = ? and personal_data is null", ERASED_USER));
        assertEquals(1, Directory.count("select count(*) from audit_event where action = 'probe'"));
    }

    private static String url() {
        return "jdbc:postgresql://localhost:" + GuestpassTestResources.postgres().getPort() + "/postgres";
    }

    private static long single(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
