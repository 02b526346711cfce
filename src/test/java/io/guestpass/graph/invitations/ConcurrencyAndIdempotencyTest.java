package io.guestpass.graph.invitations;

import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.TestClock;
import io.guestpass.fixtures.Tokens;
import io.guestpass.platform.Caller;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Races with real parallelism: the mock event server serialises HTTP requests, so these call the service layer from
 * many threads, each on its own Vert.x context and database connection. The packaged suite repeats them across processes.
 */
@QuarkusTest
@QuarkusTestResource(GuestpassTestResources.class)
class ConcurrencyAndIdempotencyTest {

    static final Caller ADMIN_APP = new Caller("admin-app", "admin-app", false, Set.of("User.Invite.All", "User.ReadWrite.All"), Set.of());

    @Inject
    InvitationService invitations;

    @Inject
    Idempotency idempotency;

    @Inject
    TestClock clock;

    @AfterEach
    void realTimeAgain() {
        clock.reset();
    }

    @BeforeEach
    void emptyDirectory() throws Exception {
        Directory.reset();
        GuestpassTestResources.smtp().purgeEmailFromAllMailboxes();
    }

    private static InvitationRequest request(String address, boolean mail) {
        return new InvitationRequest(address, "https://app.contoso.test/", null, mail, null, null, null, null);
    }

    /** A call on a fresh Vert.x context, as each concurrent request would have. */
    interface OnVertx<T> {
        T run() throws Throwable;
    }

    private static <T> List<Object> parallel(int n, OnVertx<T> onVertx) throws Exception {
        Callable<T> call = () -> {
            try {
                return onVertx.run();
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(call));
            }
            List<Object> outcomes = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    outcomes.add(f.get(60, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    outcomes.add(e.getCause());
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fiftySimultaneousInvitationsOfOneAddressCreateExactlyOneUser() throws Exception {
        List<Object> outcomes = parallel(50, () -> VertxContextSupport.subscribeAndAwait(
                () -> invitations.invite(ADMIN_APP, request("race@example.com", false))));
        long succeeded = outcomes.stream().filter(o -> o instanceof InvitationService.Issued).count();
        assertTrue(succeeded >= 1, "outcomes: " + outcomes.stream().filter(o -> o instanceof Throwable).limit(3).toList());
        outcomes.stream().filter(o -> o instanceof Throwable)
                .forEach(o -> assertTrue(o instanceof io.guestpass.platform.GraphException, "only clean refusals: " + o));
        assertEquals(1, Directory.count("select count(*) from guest_user where mail_key = 'race@example.com'"));
        assertEquals(1, Directory.count("select count(*) from invitation where status = 'PendingAcceptance'"));
        assertEquals(1, Directory.count("select count(*) from redeem_ticket where retired_at is null"));
    }

    @Test
    void fiftySimultaneousRetriesWithOneKeyCreateOneInvitationAndOneEmail() throws Exception {
        InvitationRequest request = request("retry@example.com", true);
        List<Object> outcomes = parallel(50, () -> VertxContextSupport.subscribeAndAwait(() -> idempotency.once(ADMIN_APP, "key-1",
                "POST /v1.0/invitations", request, claim -> invitations.invite(ADMIN_APP, request, issued -> claim.store(created(issued),
                        issued.user().id)).map(ConcurrencyAndIdempotencyTest::created))));
        for (Object outcome : outcomes) {
            if (outcome instanceof Throwable failure) {
                assertTrue(failure instanceof io.guestpass.platform.GraphException g && g.status() == 409 && g.retryAfter() != null,
                        "only 'still in progress' refusals: " + failure);
            }
        }
        assertEquals(1, Directory.count("select count(*) from invitation"));
        assertTrue(GuestpassTestResources.smtp().waitForIncomingEmail(5000, 1));
        Thread.sleep(300); // a second copy, if any, would arrive right behind the first
        assertEquals(1, GuestpassTestResources.smtp().getReceivedMessages().length);
    }

    @Test
    void aRepeatReturnsTheFirstResponseAndAnotherBodyIsAConflict() {
        String body = "{\"invitedUserEmailAddress\":\"idem@example.com\",\"inviteRedirectUrl\":\"https://app.contoso.test/\"}";
        Response first = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("Idempotency-Key", "abc")
                .body(body).post("/v1.0/invitations");
        first.then().statusCode(201);
        Response repeat = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("Idempotency-Key", "abc")
                .body(body).post("/v1.0/invitations");
        repeat.then().statusCode(201).body("id", equalTo(first.path("id")))
                .body("inviteRedeemUrl", equalTo(first.path("inviteRedeemUrl")));
        assertEquals(first.header("Location"), repeat.header("Location"));
        assertEquals(1, Directory.count("select count(*) from invitation"));
        assertFalse(Directory.text("select sealed_response from idempotency_record").contains("ticket="), "sealed at rest");

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("Idempotency-Key", "abc")
                .body(body.replace("idem@", "other@")).post("/v1.0/invitations")
                .then().statusCode(409).body("error.code", equalTo("Conflict"));
        // keys are scoped to the caller: the same key from another client is a new request
        given().auth().oauth2(Tokens.application("other-app", "User.Invite.All")).contentType(ContentType.JSON)
                .header("Idempotency-Key", "abc").body(body).post("/v1.0/invitations").then().statusCode(201);
        assertEquals(2, Directory.count("select count(*) from invitation"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("Idempotency-Key", "bad key\u00e9")
                .body(body).post("/v1.0/invitations").then().statusCode(400);
    }

    private static jakarta.ws.rs.core.Response created(InvitationService.Issued issued) {
        return jakarta.ws.rs.core.Response.status(201).entity(issued.invitation().id.toString()).build();
    }

    /** The invitation as the resource issues it under a key: its response stored in the transaction that commits it. */
    private java.util.function.Function<Idempotency.Claim, io.smallrye.mutiny.Uni<jakarta.ws.rs.core.Response>> inviting(
            InvitationRequest request) {
        return claim -> invitations.invite(ADMIN_APP, request, issued -> claim.store(created(issued), issued.user().id))
                .map(ConcurrencyAndIdempotencyTest::created);
    }

    @Test
    void aFailureAfterTheInvitationCommittedKeepsTheKeyAndARetryGetsTheStoredResult() throws Throwable {
        InvitationRequest request = request("after-commit@example.com", true);
        // the invitation commits and its mail goes out, then the request breaks (as a failing mail hand-off would)
        Throwable broke = assertThrows(IllegalStateException.class, () -> VertxContextSupport.subscribeAndAwait(
                () -> idempotency.once(ADMIN_APP, "after-commit", "POST /v1.0/invitations", request,
                        claim -> inviting(request).apply(claim).map(response -> {
                            throw new IllegalStateException("mail hand-off broke after commit");
                        }))));
        assertEquals("mail hand-off broke after commit", broke.getMessage());
        assertEquals(1, Directory.count("select count(*) from invitation"));
        String firstId = Directory.text("select id::text from invitation");

        jakarta.ws.rs.core.Response retry = VertxContextSupport.subscribeAndAwait(() -> idempotency.once(ADMIN_APP, "after-commit",
                "POST /v1.0/invitations", request, inviting(request)));
        assertEquals(201, retry.getStatus());
        assertEquals("\"" + firstId + "\"", retry.getEntity(), "the stored result, not a second invitation");
        assertEquals(1, Directory.count("select count(*) from invitation"));
        assertTrue(GuestpassTestResources.smtp().waitForIncomingEmail(5000, 1));
        Thread.sleep(300);
        assertEquals(1, GuestpassTestResources.smtp().getReceivedMessages().length, "one invitation, one mail");
    }

    @Test
    void aFailureBeforeCommitReleasesTheKeyForACorrectedRetry() throws Throwable {
        InvitationRequest request = request("before-commit@example.com", false);
        assertThrows(IllegalStateException.class, () -> VertxContextSupport.subscribeAndAwait(
                () -> idempotency.once(ADMIN_APP, "before-commit", "POST /v1.0/invitations", request,
                        claim -> invitations.invite(ADMIN_APP, request, issued -> claim.store(created(issued), issued.user().id)
                                .invoke(() -> {
                                    throw new IllegalStateException("broke before commit");
                                })).map(ConcurrencyAndIdempotencyTest::created))));
        assertEquals(0, Directory.count("select count(*) from invitation"), "rolled back");
        assertEquals(0, Directory.count("select count(*) from idempotency_record"), "the key is free again");
        assertEquals(201, VertxContextSupport.subscribeAndAwait(() -> idempotency.once(ADMIN_APP, "before-commit",
                "POST /v1.0/invitations", request, inviting(request))).getStatus());
        assertEquals(1, Directory.count("select count(*) from invitation"));
    }

    @Test
    void aClaimWhoseRequestDiedIsTakenOverAfterItsLeaseAndCanNoLongerCommit() throws Throwable {
        InvitationRequest request = request("lease@example.com", false);
        java.util.concurrent.CompletableFuture<Void> stalled = new java.util.concurrent.CompletableFuture<>();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // a first request claims the key and stalls before its work (a request that died, or hangs)
            Future<jakarta.ws.rs.core.Response> first = pool.submit(() -> {
                try {
                    return VertxContextSupport.subscribeAndAwait(() -> idempotency.once(ADMIN_APP, "lease", "POST /v1.0/invitations",
                            request, claim -> {
                                io.vertx.core.Context context = io.vertx.core.Vertx.currentContext(); // resume where it began
                                return io.smallrye.mutiny.Uni.createFrom().completionStage(stalled)
                                        .emitOn(task -> context.runOnContext(nothing -> task.run()))
                                        .chain(() -> inviting(request).apply(claim));
                            }));
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
            });
            while (Directory.count("select count(*) from idempotency_record where idempotency_key = 'lease'") == 0) {
                Thread.sleep(20);
            }
            Throwable inProgress = assertThrows(io.guestpass.platform.GraphException.class, () -> VertxContextSupport
                    .subscribeAndAwait(() -> idempotency.once(ADMIN_APP, "lease", "POST /v1.0/invitations", request, inviting(request))));
            assertEquals(409, ((io.guestpass.platform.GraphException) inProgress).status(), "within the lease: still in progress");

            clock.advance(Idempotency.LEASE.plusSeconds(1));
            jakarta.ws.rs.core.Response takenOver = VertxContextSupport.subscribeAndAwait(() -> idempotency.once(ADMIN_APP, "lease",
                    "POST /v1.0/invitations", request, inviting(request)));
            assertEquals(201, takenOver.getStatus(), "after the lease a retry takes over");

            stalled.complete(null); // the first request wakes up: its claim was taken over, so its work must not commit
            java.util.concurrent.ExecutionException late = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> first.get(60, TimeUnit.SECONDS));
            assertTrue(late.getCause().getCause() instanceof io.guestpass.platform.GraphException g && g.status() == 409, "" + late);
        } finally {
            stalled.complete(null);
            pool.shutdownNow();
        }
        assertEquals(1, Directory.count("select count(*) from invitation"));
        assertEquals("\"" + Directory.text("select id::text from invitation") + "\"", VertxContextSupport.subscribeAndAwait(
                () -> idempotency.once(ADMIN_APP, "lease", "POST /v1.0/invitations", request, inviting(request))).getEntity());
    }

    @Test
    void deletingAUserDeletesTheStoredResponsesThatNameThem() {
        String body = "{\"invitedUserEmailAddress\":\"forget-me@example.com\",\"inviteRedirectUrl\":\"https://app.contoso.test/\"}";
        String userId = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("Idempotency-Key", "forget")
                .body(body).post("/v1.0/invitations").then().statusCode(201).extract().path("invitedUser.id");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("Idempotency-Key", "keep")
                .body(body.replace("forget-me@", "someone-else@")).post("/v1.0/invitations").then().statusCode(201);
        assertEquals(2, Directory.count("select count(*) from idempotency_record"));

        given().auth().oauth2(Tokens.admin()).delete("/v1.0/users/" + userId).then().statusCode(204);

        assertEquals(1, Directory.count("select count(*) from idempotency_record"));
        assertEquals("keep", Directory.text("select idempotency_key from idempotency_record"));
    }
}
