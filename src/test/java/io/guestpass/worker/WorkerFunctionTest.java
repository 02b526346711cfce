package io.guestpass.worker;

import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The artifact as the worker function: only its internal route, and the bookkeeping it does on schedule. */
@QuarkusTest
@TestProfile(WorkerFunctionTest.WorkerRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class WorkerFunctionTest {

    public static class WorkerRole implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("guestpass.function", "worker");
        }
    }

    @BeforeEach
    void emptyDirectory() {
        Directory.reset();
    }

    @Test
    void theWorkerServesOnlyItsInternalRoute() {
        given().get("/v1.0/users").then().statusCode(404).body("error.code", equalTo("NotFound"));
        given().post("/v1.0/invitations").then().statusCode(404);
        given().get("/redeem").then().statusCode(404);
        given().post("/internal/migrate").then().statusCode(404);
    }

    @Test
    void aRunExpiresDueInvitationsCancelsTheirMailAndPurgesWhatRetentionAllows() {
        Directory.execute("insert into guest_user (id, mail, mail_key, user_principal_name, user_type, external_user_state, "
                + "creation_type, created_at) values ('00000000-0000-0000-0000-0000000000a1', 'late@example.com', 'late@example.com', "
                + "'late_example.com#EXT#@contoso.test', 'Guest', 'PendingAcceptance', 'Invitation', now() - interval '40 days')");
        Directory.execute("insert into invitation (id, user_id, invited_email, invite_redirect_url, send_invitation_message, "
                + "message_language, invited_user_type, reset_redemption, status, delivery_status, expires_at, invited_by_privileged, "
                + "created_at, status_changed_at) values ('00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-0000000000a1', "
                + "'late@example.com', 'https://app.contoso.test/', true, 'en-US', 'Guest', false, 'PendingAcceptance', 'queued', "
                + "now() - interval '10 days', true, now() - interval '40 days', now() - interval '40 days')");
        Directory.execute("insert into mail_message (id, invitation_id, kind, recipient, message_id, sealed_content, status, "
                + "next_attempt_at, created_at) values (gen_random_uuid(), '00000000-0000-0000-0000-0000000000b1', 'Invitation', "
                + "'late@example.com', '<late@contoso.test>', 'v1.x.y', 'queued', now() + interval '1 day', now() - interval '1 day')");
        Directory.execute("insert into idempotency_record (id, caller_scope, idempotency_key, request_hash, state, created_at) "
                + "values (gen_random_uuid(), 'a|b', 'old', '\\x00', 'Completed', now() - interval '25 hours')");
        Directory.execute("insert into idempotency_record (id, caller_scope, idempotency_key, request_hash, state, created_at) "
                + "values (gen_random_uuid(), 'a|b', 'fresh', '\\x00', 'Completed', now() - interval '1 hour')");
        Directory.execute("insert into audit_event (id, occurred_at, action, target_type, target_id) values "
                + "(gen_random_uuid(), now() - interval '401 days', 'user.updated', 'user', 'beyond-retention'), "
                + "(gen_random_uuid(), now() - interval '399 days', 'user.updated', 'user', 'within-retention')");

        given().contentType("application/json").body("{}").post("/internal/worker/run").then().statusCode(200)
                .body("invitationsExpired", equalTo(1));

        assertEquals("Expired", Directory.text("select status from invitation"));
        assertEquals("cancelled", Directory.text("select status from mail_message"));
        assertEquals(1, Directory.count("select count(*) from idempotency_record"));
        assertEquals("fresh", Directory.text("select idempotency_key from idempotency_record"));
        assertEquals("within-retention", Directory.text("select string_agg(target_id, ',') from audit_event"));
    }
}
