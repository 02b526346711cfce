package io.guestpass.platform;

import io.guestpass.fixtures.CapturedLog;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.*;

/** A failure is logged by class, SQLState and constraint: the database's message, which names the address, stays out of the log. */
@QuarkusTest
@QuarkusTestResource(GuestpassTestResources.class)
class FailureLogTest {

    @BeforeEach
    void aDatabaseThatRefusesNewGuestsNamingTheirAddress() {
        Directory.reset();
        // as PostgreSQL words a unique violation, with the address in the message and the detail
        Directory.execute("create or replace function failure_log_test_refuse() returns trigger language plpgsql as $$ begin "
                + "raise exception using errcode = '23505', constraint = 'guest_user_mail_key', "
                + "message = 'duplicate key value violates unique constraint \"guest_user_mail_key\" for ' || new.mail, "
                + "detail = 'Key (mail_key)=(' || new.mail_key || ') already exists.'; end $$");
        Directory.execute("create trigger failure_log_test_refuse before insert on guest_user for each row execute function failure_log_test_refuse()");
    }

    @AfterEach
    void dropTrigger() {
        Directory.execute("drop trigger if exists failure_log_test_refuse on guest_user");
        Directory.execute("drop function if exists failure_log_test_refuse()");
    }

    @Test
    void aConstraintViolationIsLoggedWithoutTheAddress() {
        try (CapturedLog log = new CapturedLog()) {
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("Idempotency-Key", "failure-log")
                    .body("{\"invitedUserEmailAddress\":\"Secret.Person@Example.com\",\"inviteRedirectUrl\":\"https://app.contoso.test/\"}")
                    .post("/v1.0/invitations")
                    .then().statusCode(500)
                    .body("error.code", equalTo("InternalServerError"));
            String text = log.text();
            assertTrue(text.contains("Unhandled failure") && text.contains("sqlState=23505") && text.contains("constraint=guest_user_mail_key"),
                    text);
            assertFalse(text.toLowerCase(java.util.Locale.ROOT).contains("secret.person"), text);
        }
        assertEquals(0, Directory.count("select count(*) from invitation"));
    }
}
