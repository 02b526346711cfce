package io.guestpass.worker;

import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.SigningKeyRows;
import io.guestpass.fixtures.TestClock;
import io.guestpass.migrate.FirstSigningKey;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker rotates the signing keys: next → current → previous → retired, over simulated days (period 30 days). */
@QuarkusTest
@TestProfile(WorkerFunctionTest.WorkerRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class SigningKeyRotationTest {

    @Inject
    TestClock clock;

    @Inject
    FirstSigningKey firstSigningKey;

    String firstKey;

    @BeforeEach
    void aFreshlyMigratedDeployment() {
        Directory.reset();
        firstKey = SigningKeyRows.resetToOneCurrentKey(firstSigningKey);
    }

    @AfterEach
    void backToNow() {
        clock.reset();
        SigningKeyRows.resetToOneCurrentKey(firstSigningKey);
    }

    @Test
    void eachRunLeavesExactlyOneNextKeyAndTheCurrentOneSigningUntilItsPeriodEnds() {
        runWorker().body("signingKeysCreated", equalTo(1)).body("signingKeysActivated", equalTo(0));
        String next = SigningKeyRows.kid("next");
        runWorker().body("signingKeysCreated", equalTo(0));
        clock.advance(Duration.ofDays(29));
        runWorker().body("signingKeysCreated", equalTo(0)).body("signingKeysActivated", equalTo(0));

        assertEquals(1, SigningKeyRows.count("next"));
        assertEquals(next, SigningKeyRows.kid("next"));
        assertEquals(firstKey, SigningKeyRows.kid("current"));
    }

    @Test
    void overSixtyDaysKeysMoveFromNextToCurrentToPreviousToRetired() {
        List<String> currents = new ArrayList<>();
        List<String> previousKeysSeen = new ArrayList<>();
        for (int day = 0; day <= 60; day++) {
            runWorker();
            assertEquals(1, SigningKeyRows.count("current"), "day " + day);
            assertEquals(1, SigningKeyRows.count("next"), "day " + day);
            assertTrue(SigningKeyRows.count("previous") <= 1, "day " + day);
            // a key signs only after it has been published for 48 hours
            assertEquals(0, Directory.count("select count(*) from signing_key where activated_at < published_at + interval '48 hours' "
                    + "and kid <> ?", firstKey), "day " + day);
            String current = SigningKeyRows.kid("current");
            if (currents.isEmpty() || !currents.get(currents.size() - 1).equals(current)) {
                currents.add(current);
            }
            String previous = SigningKeyRows.kid("previous");
            if (previous != null && !previousKeysSeen.contains(previous)) {
                previousKeysSeen.add(previous);
            }
            clock.advance(Duration.ofDays(1));
        }
        // days 0, 30 and 60: three keys signed in turn; the first, superseded on day 30, was published a period longer
        assertEquals(3, currents.size(), currents::toString);
        assertEquals(firstKey, currents.get(0));
        assertEquals(currents.subList(0, 2), previousKeysSeen);
        assertEquals(List.of(firstKey), List.of(Directory.text("select kid from signing_key where status = 'retired'")));
        assertEquals(0, Directory.count("select count(*) from signing_key where status = 'retired' and sealed_private_key is not null"),
                "a retired key's private half is erased");
        assertEquals(currents.get(1), SigningKeyRows.kid("previous"));
    }

    @Test
    void aDueCurrentKeyKeepsSigningUntilTheNextOneHasBeenPublishedFor48Hours() {
        // the current key is past its period and there is no next key yet (say, the worker was not running)
        Directory.execute("update signing_key set activated_at = activated_at - interval '40 days', "
                + "published_at = published_at - interval '40 days'");

        runWorker().body("signingKeysCreated", equalTo(1)).body("signingKeysActivated", equalTo(0));
        String next = SigningKeyRows.kid("next");
        clock.advance(Duration.ofHours(47));
        runWorker().body("signingKeysActivated", equalTo(0));
        assertEquals(firstKey, SigningKeyRows.kid("current"));

        clock.advance(Duration.ofHours(1));
        runWorker().body("signingKeysActivated", equalTo(1)).body("signingKeysCreated", equalTo(1));
        assertEquals(next, SigningKeyRows.kid("current"));
        assertEquals(firstKey, SigningKeyRows.kid("previous"));
        assertNotEquals(next, SigningKeyRows.kid("next"));
        assertEquals(1, SigningKeyRows.count("next"));
    }

    @Test
    void aFailingRotationFailsTheRunButNotTheOtherSteps() {
        Directory.execute("create function refuse_key() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$");
        Directory.execute("create trigger refuse_key before insert on signing_key for each row execute function refuse_key()");
        try {
            given().contentType("application/json").body("{}").post("/internal/worker/run").then().statusCode(500)
                    .body("failedSteps", equalTo(List.of("signingKeys"))).body("invitationsExpired", equalTo(0))
                    .body("rowsPurged", equalTo(0));
        } finally {
            Directory.execute("drop trigger refuse_key on signing_key");
            Directory.execute("drop function refuse_key()");
        }
        assertNull(SigningKeyRows.kid("next"), "nothing half-written");
    }

    private static io.restassured.response.ValidatableResponse runWorker() {
        return given().contentType("application/json").body("{}").post("/internal/worker/run").then().statusCode(200);
    }

}
