package io.guestpass.worker;

import io.guestpass.graph.invitations.InvitationRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.mail.InvitationMail;
import io.guestpass.mail.Outbox;
import io.guestpass.platform.DataCipher;
import io.guestpass.redeem.Invitations;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Inject
    Invitations invitations;

    @BeforeEach
    void emptyDirectoryAndMailbox() throws Exception {
        Directory.reset();
        GuestpassTestResources.smtp().purgeEmailFromAllMailboxes();
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
        arrangeAnOverdueInvitationAndIdempotencyRecords();

        given().contentType("application/json").body("{}").post("/internal/worker/run").then().statusCode(200)
                .body("invitationsExpired", equalTo(1));

        assertOverdueInvitationExpiredAndOldRecordPurged();
    }

    @Test
    void authorizationCodesAreKeptADayPastTheirExpiryThenPurged() {
        Directory.execute("insert into guest_user (id, display_name, mail, mail_key, user_principal_name, user_type, "
                + "external_user_state, creation_type, account_enabled, created_at, version) values ('00000000-0000-0000-0000-00000000c0de', "
                + "'Code', 'code@example.com', 'code@example.com', 'code_example.com#EXT#@contoso.test', 'Guest', 'Accepted', "
                + "'Invitation', true, now(), 0)");
        for (String age : List.of("2 days", "2 hours")) {
            Directory.execute("insert into authorization_code (code_hash, client_id, redirect_uri, user_id, scope, auth_time, expires_at, "
                    + "created_at, idp) values (decode(md5(?), 'hex'), 'c', 'https://app.contoso.test/cb', "
                    + "'00000000-0000-0000-0000-00000000c0de', 'openid', now(), now() - ?::interval, now(), 'live.com')", age, age);
        }
        given().contentType("application/json").body("{}").post("/internal/worker/run").then().statusCode(200);
        assertEquals(1, Directory.count("select count(*) from authorization_code"), "the replay window of a day stays");
    }

    @Test
    void expiredRefreshTokensArePurged() {
        Directory.execute("insert into guest_user (id, display_name, mail, mail_key, user_principal_name, user_type, "
                + "external_user_state, creation_type, account_enabled, created_at, version) values ('00000000-0000-0000-0000-00000000c0df', "
                + "'Refresh', 'refresh@example.com', 'refresh@example.com', 'refresh_example.com#EXT#@contoso.test', 'Guest', 'Accepted', "
                + "'Invitation', true, now(), 0)");
        for (String expiry : List.of("-1 minute", "1 day")) {
            Directory.execute("insert into refresh_token (token_hash, family_id, client_id, client_kind, user_id, scope, idp, auth_time, "
                    + "signed_in_at, token_id, created_at, expires_at) values (decode(md5(?), 'hex'), gen_random_uuid(), 'c', 'WEB', "
                    + "'00000000-0000-0000-0000-00000000c0df', 'openid offline_access', 'live.com', now(), now(), gen_random_uuid(), now(), "
                    + "now() + ?::interval)", expiry, expiry);
        }
        given().contentType("application/json").body("{}").post("/internal/worker/run").then().statusCode(200);
        assertEquals(1, Directory.count("select count(*) from refresh_token where expires_at > now()"));
        assertEquals(1, Directory.count("select count(*) from refresh_token"), "only the expired one goes");
    }

    @Test
    void aMailSealedUnderARetiredKeyFailsAloneAndTheOthersAreDelivered() throws Exception {
        arrangeAnOverdueInvitationAndIdempotencyRecords();
        GuestpassTestResources.stopSmtp();
        List<UUID> invitationIds = new ArrayList<>();
        try {
            for (String address : List.of("first@example.com", "poison@example.com", "last@example.com")) {
                invitationIds.add(invitations.invite(new InvitationRequest(address, "https://app.contoso.test/", null, true, null,
                        null, null, null)).invitation().id);
            }
        } finally {
            GuestpassTestResources.startSmtp();
        }
        // due in this order, the poisoned one between the two good ones
        for (int i = 0; i < 3; i++) {
            Directory.execute("update mail_message set next_attempt_at = now() - interval '1 hour' + ? * interval '1 minute' "
                    + "where invitation_id = ?", i, invitationIds.get(i));
        }
        // sealed under a data key this deployment no longer has (rotated out of guestpass.crypto.data-key)
        String retiredKey = Base64.getEncoder().encodeToString("a retired data key of 32 bytes!!".getBytes(StandardCharsets.US_ASCII));
        String sealedUnderRetiredKey = new DataCipher(List.of(retiredKey)).seal("mail", new ObjectMapper().writeValueAsString(
                new InvitationMail.Content("poison@example.com", "You're invited", "<p>secret link</p>", "secret link")));
        Directory.execute("update mail_message set sealed_content = ? where invitation_id = ?", sealedUnderRetiredKey, invitationIds.get(1));
        String poisonId = Directory.text("select id::text from mail_message where invitation_id = ?", invitationIds.get(1));

        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger outboxLog = java.util.logging.Logger.getLogger(Outbox.class.getName());
        outboxLog.addHandler(capture);
        try {
            given().contentType("application/json").body("{}").post("/internal/worker/run").then().statusCode(200)
                    .body("mailSent", equalTo(2)).body("mailUndecryptable", equalTo(1)).body("invitationsExpired", equalTo(1));
        } finally {
            outboxLog.removeHandler(capture);
        }

        assertTrue(GuestpassTestResources.smtp().waitForIncomingEmail(5000, 2));
        assertEquals(List.of("first@example.com", "last@example.com"), Arrays.stream(GuestpassTestResources.smtp().getReceivedMessages())
                .map(m -> {
                    try {
                        return m.getAllRecipients()[0].toString();
                    } catch (MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                }).sorted().toList());
        assertEquals("failed", Directory.text("select status from mail_message where id = ?::uuid", poisonId));
        assertNull(Directory.text("select sealed_content from mail_message where id = ?::uuid", poisonId), "its content is erased");
        assertEquals("failed", Directory.text("select delivery_status from invitation where id = ?", invitationIds.get(1)));
        assertEquals("sent", Directory.text("select delivery_status from invitation where id = ?", invitationIds.get(2)));
        List<String> lines = logged.stream().filter(line -> line.contains("MAIL_UNDECRYPTABLE")).toList();
        assertEquals(1, lines.size(), "one greppable line: " + logged);
        assertTrue(lines.get(0).contains(poisonId), "it names the mail");
        assertFalse(lines.get(0).contains("poison@example.com") || lines.get(0).contains("secret"), "never its content");
        assertOverdueInvitationExpiredAndOldRecordPurged();
    }

    @Test
    void aFailingStepNeverStopsTheOthersAndTheRunStillFails() {
        arrangeAnOverdueInvitationAndIdempotencyRecords();
        Directory.execute("insert into mail_message (id, kind, recipient, message_id, sealed_content, status, next_attempt_at, "
                + "created_at) values (gen_random_uuid(), 'Invitation', 'due@example.com', '<due@contoso.test>', 'v1.x.y', 'queued', "
                + "now() - interval '1 hour', now() - interval '1 hour')");
        // the database refuses to claim mail: delivery fails, expiry (before it) and purge (after it) must still run
        Directory.execute("create function refuse() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$");
        Directory.execute("create trigger refuse_claim before update on mail_message for each row "
                + "when (old.next_attempt_at is distinct from new.next_attempt_at) execute function refuse()");
        try {
            given().contentType("application/json").body("{}").post("/internal/worker/run").then().statusCode(500)
                    .body("error", equalTo("WORKER_RUN_FAILED")).body("failedSteps", equalTo(List.of("delivery")))
                    .body("invitationsExpired", equalTo(1));
            assertOverdueInvitationExpiredAndOldRecordPurged();
        } finally {
            Directory.execute("drop trigger refuse_claim on mail_message");
        }

        // and the other way round: purge fails, delivery still runs
        Directory.execute("insert into idempotency_record (id, caller_scope, idempotency_key, request_hash, state, created_at) "
                + "values (gen_random_uuid(), 'a|b', 'old-again', '\\x00', 'Completed', now() - interval '25 hours')");
        Directory.execute("create trigger refuse_purge before delete on idempotency_record for each row execute function refuse()");
        try {
            given().contentType("application/json").body("{}").post("/internal/worker/run").then().statusCode(500)
                    .body("failedSteps", equalTo(List.of("purge"))).body("mailUndecryptable", equalTo(1));
            assertEquals("failed", Directory.text("select status from mail_message where recipient = 'due@example.com'"));
        } finally {
            Directory.execute("drop trigger refuse_purge on idempotency_record");
            Directory.execute("drop function refuse()");
        }
    }

    private static void arrangeAnOverdueInvitationAndIdempotencyRecords() {
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
    }

    private static void assertOverdueInvitationExpiredAndOldRecordPurged() {
        assertEquals("Expired", Directory.text("select status from invitation where id = '00000000-0000-0000-0000-0000000000b1'"));
        assertEquals("cancelled", Directory.text("select status from mail_message where recipient = 'late@example.com'"));
        assertEquals(1, Directory.count("select count(*) from idempotency_record"));
        assertEquals("fresh", Directory.text("select idempotency_key from idempotency_record"));
        assertEquals(0, Directory.count("select count(*) from audit_event where target_id = 'beyond-retention'"));
        assertEquals(1, Directory.count("select count(*) from audit_event where target_id = 'within-retention'"));
    }
}
