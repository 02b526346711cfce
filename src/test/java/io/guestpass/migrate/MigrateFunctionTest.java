package io.guestpass.migrate;

import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import static io.restassured.RestAssured.given;
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
                    "guestpass.db.app.password", "app-secret-'quoted");
        }
    }

    @Test
    void migratingTwiceIsSafeAndSetsUpTheApplicationRole() throws SQLException {
        given().post("/internal/migrate").then().statusCode(200)
                .body("schemaVersion", notNullValue())
                .body("applicationRole", equalTo("guestpass_app"));
        given().post("/internal/migrate").then().statusCode(200).body("migrationsExecuted", equalTo(0));
        given().get("/v1.0/users").then().statusCode(404);

        String url = "jdbc:postgresql://localhost:" + GuestpassTestResources.postgres().getPort() + "/postgres";
        try (Connection app = DriverManager.getConnection(url, "guestpass_app", "app-secret-'quoted")) {
            app.createStatement().execute("select count(*) from guest_user");
            SQLException refused = assertThrows(SQLException.class, () -> app.createStatement().execute("create table intruder (id int)"));
            assertTrue(refused.getMessage().contains("permission denied"), refused.getMessage());
            assertThrows(SQLException.class, () -> app.createStatement().execute("drop table guest_user"));
        }
        assertEquals(1, Directory.count("select count(*) from pg_roles where rolname = 'guestpass_app'"));
    }
}
