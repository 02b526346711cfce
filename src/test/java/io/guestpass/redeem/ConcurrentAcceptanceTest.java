package io.guestpass.redeem;

import io.guestpass.acceptance.InvitationAcceptance;
import io.guestpass.graph.invitations.InvitationRequest;
import io.guestpass.graph.invitations.InvitationService;
import io.guestpass.directory.Invitation;
import io.guestpass.directory.RedeemTicket;
import io.guestpass.federation.FederatedIdentity;
import io.guestpass.fixtures.CapturedLog;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.platform.GraphException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many tabs accept one invitation at the same moment, each on its own Vert.x context and database connection: exactly
 * one acceptance, the others see it accepted. (The packaged suite repeats this across processes.)
 */
@QuarkusTest
@TestProfile(RedeemRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class ConcurrentAcceptanceTest {

    @Inject
    Invitations invitations;

    @Inject
    InvitationAcceptance redemptions;

    @BeforeEach
    void emptyDirectory() {
        Directory.reset();
    }

    @RepeatedTest(3)
    void simultaneousAcceptancesGiveExactlyOne() throws Exception {
        InvitationService.Issued issued = invitations.invite("race@outlook.com", "en-US");
        byte[] hash = RedeemTicket.hash(issued.redeemUrl().substring(issued.redeemUrl().indexOf("ticket=") + 7));
        FederatedIdentity identity = new FederatedIdentity("MSASignup-OAUTH", "MicrosoftAccount", "00000000-0000-0000-0000-00000000cafe",
                "pairwise-sub", GuestpassTestResources.MSA_CLIENT_ID, "race@outlook.com", true, "Race");
        int tabs = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(tabs);
        List<Future<InvitationAcceptance.Verdict>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < tabs; i++) {
                outcomes.add(pool.submit(() -> {
                    go.await();
                    return onVertx(() -> redemptions.accept(hash, identity, InvitationAcceptance.Route.TICKET)).verdict();
                }));
            }
            go.countDown();
            int accepted = 0;
            for (Future<InvitationAcceptance.Verdict> outcome : outcomes) {
                InvitationAcceptance.Verdict verdict = outcome.get(60, TimeUnit.SECONDS);
                if (verdict == InvitationAcceptance.Verdict.ACCEPTED) {
                    accepted++;
                } else {
                    assertEquals(InvitationAcceptance.Verdict.NOT_PENDING, verdict);
                }
            }
            assertEquals(1, accepted);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, Directory.count("select count(*) from sign_in_identity"));
        assertEquals(1, Directory.count("select count(*) from consent_record"));
        assertEquals(1, Directory.count("select count(*) from audit_event where action = 'invitation.redeemed'"));
        assertEquals("Completed", Directory.text("select status from invitation"));
    }

    /**
     * One Microsoft account accepts two invitations (for two guests) at the same moment: one link, one acceptance; the other
     * sees "linked elsewhere" — never a unique-constraint failure, and nothing personal in the log.
     */
    @RepeatedTest(5)
    void oneAccountAcceptingTwoInvitationsAtOnceIsLinkedOnce() throws Exception {
        Directory.execute("update directory_policy set require_matching_address = false");
        List<byte[]> tickets = new ArrayList<>();
        for (String address : List.of("first-guest@partner.example", "second-guest@partner.example")) {
            InvitationService.Issued issued = invitations.invite(address, "en-US");
            tickets.add(RedeemTicket.hash(issued.redeemUrl().substring(issued.redeemUrl().indexOf("ticket=") + 7)));
        }
        FederatedIdentity identity = new FederatedIdentity("MSASignup-OAUTH", "MicrosoftAccount", "00000000-0000-0000-0000-0000000b0b0b",
                "pairwise-sub", GuestpassTestResources.MSA_CLIENT_ID, "both@outlook.com", true, "Both");
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(tickets.size());
        List<InvitationAcceptance.Verdict> verdicts = new ArrayList<>();
        try (CapturedLog log = new CapturedLog()) {
            List<Future<InvitationAcceptance.Verdict>> outcomes = new ArrayList<>();
            for (byte[] hash : tickets) {
                outcomes.add(pool.submit(() -> {
                    go.await();
                    return onVertx(() -> redemptions.accept(hash, identity, InvitationAcceptance.Route.TICKET)).verdict();
                }));
            }
            go.countDown();
            for (Future<InvitationAcceptance.Verdict> outcome : outcomes) {
                verdicts.add(outcome.get(60, TimeUnit.SECONDS));
            }
            for (String personal : List.of("both@outlook.com", "first-guest", "second-guest", "0000000b0b0b")) {
                assertFalse(log.text().contains(personal), log.text());
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(verdicts.containsAll(List.of(InvitationAcceptance.Verdict.ACCEPTED, InvitationAcceptance.Verdict.LINKED_ELSEWHERE)),
                verdicts.toString());
        assertEquals(1, Directory.count("select count(*) from sign_in_identity"));
        assertEquals(1, Directory.count("select count(*) from consent_record"));
        assertEquals(1, Directory.count("select count(*) from invitation where status = 'Completed'"));
        assertEquals(1, Directory.count("select count(*) from invitation where status = 'PendingAcceptance'"));
        assertEquals(1, Directory.count("select count(*) from redeem_ticket where retired_at is null"));
        assertEquals(1, Directory.count("select count(*) from guest_user where external_user_state = 'Accepted'"));
    }

    @Inject
    InvitationService invitationService;

    /**
     * Acceptance races revocation and reset of the same invitation, each on its own Vert.x context: all of them lock in
     * one order (guest, invitation, ticket), so one waits for the other, never a deadlock (which would be a 500), and
     * the end state is what one of the two orders gives.
     */
    @Test
    void acceptanceRacingRevocationOrResetNeverDeadlocks() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 24; round++) {
                boolean revoke = round % 2 == 0;
                String address = "racer" + round + "@outlook.com";
                InvitationService.Issued issued = invitations.invite(address, "en-US");
                UUID invitationId = issued.invitation().id;
                String userId = issued.user().id.toString();
                byte[] hash = RedeemTicket.hash(issued.redeemUrl().substring(issued.redeemUrl().indexOf("ticket=") + 7));
                FederatedIdentity identity = new FederatedIdentity("MSASignup-OAUTH", "MicrosoftAccount",
                        "00000000-0000-0000-0000-0000000000" + (10 + round), "pairwise-" + round, GuestpassTestResources.MSA_CLIENT_ID,
                        address, true, "Racer");
                CountDownLatch go = new CountDownLatch(1);
                Future<InvitationAcceptance.Verdict> accept = pool.submit(() -> {
                    go.await();
                    return onVertx(() -> redemptions.accept(hash, identity, InvitationAcceptance.Route.TICKET)).verdict();
                });
                Future<Object> change = pool.submit(() -> {
                    go.await();
                    try {
                        return revoke ? onVertx(() -> invitationService.revoke(Invitations.ADMIN_APP, invitationId))
                                : onVertx(() -> invitationService.invite(Invitations.ADMIN_APP, new InvitationRequest(address,
                                        "https://app.contoso.test/welcome", null, false, null, null, true,
                                        new InvitationRequest.InvitedUser(userId))));
                    } catch (IllegalStateException e) {
                        return e.getCause(); // a clean refusal is an outcome; anything else fails below
                    }
                });
                go.countDown();
                InvitationAcceptance.Verdict verdict = accept.get(60, TimeUnit.SECONDS);
                Object changed = change.get(60, TimeUnit.SECONDS);
                String status = Directory.text("select status from invitation where id = ?", invitationId);
                String userState = Directory.text("select external_user_state from guest_user where id = ?::uuid", userId);
                long identities = Directory.count("select count(*) from sign_in_identity where user_id = ?::uuid", UUID.fromString(userId));
                String seen = "round " + round + ": " + verdict + " / " + changed + " / " + status + " / " + userState;
                if (revoke) {
                    if (verdict == InvitationAcceptance.Verdict.ACCEPTED) {
                        assertTrue(changed instanceof GraphException g && g.status() == 409, seen);
                        assertEquals(List.of("Completed", "Accepted", 1L), List.of(status, userState, identities), seen);
                    } else {
                        assertEquals(InvitationAcceptance.Verdict.NOT_PENDING, verdict, seen);
                        assertTrue(changed instanceof Invitation, seen);
                        assertEquals(List.of("Revoked", "PendingAcceptance", 0L), List.of(status, userState, identities), seen);
                    }
                } else {
                    assertTrue(changed instanceof InvitationService.Issued, seen);
                    assertEquals(verdict == InvitationAcceptance.Verdict.ACCEPTED ? "Completed" : "Superseded", status, seen);
                    assertTrue(verdict == InvitationAcceptance.Verdict.ACCEPTED || verdict == InvitationAcceptance.Verdict.NOT_PENDING, seen);
                    assertEquals(List.of("PendingAcceptance", 0L), List.of(userState, identities), seen);
                    assertEquals(1, Directory.count("select count(*) from invitation where user_id = ?::uuid and status = 'PendingAcceptance'",
                            UUID.fromString(userId)), seen);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T onVertx(Supplier<Uni<T>> call) {
        try {
            return VertxContextSupport.subscribeAndAwait(call);
        } catch (GraphException refused) {
            throw new IllegalStateException(refused);
        } catch (Throwable t) {
            throw new AssertionError("neither a clean refusal nor a result: " + t, t);
        }
    }
}
