package io.guestpass.redeem;

import io.guestpass.directory.RedeemTicket;
import io.guestpass.federation.FederatedIdentity;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.invite.InvitationService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    RedemptionService redemptions;

    @BeforeEach
    void emptyDirectory() {
        Directory.reset();
    }

    @RepeatedTest(3)
    void simultaneousAcceptancesGiveExactlyOne() throws Exception {
        InvitationService.Issued issued = invitations.invite("race@outlook.com", "en-US");
        byte[] hash = RedeemTicket.hash(issued.redeemUrl().substring(issued.redeemUrl().indexOf("ticket=") + 7));
        FederatedIdentity identity = new FederatedIdentity("MSASignup-OAUTH", "MicrosoftAccount", "00000000-0000-0000-0000-00000000cafe",
                "pairwise-sub", GuestpassTestResources.MSA_CLIENT_ID, "race@outlook.com", "race@outlook.com", "Race");
        int tabs = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(tabs);
        List<Future<RedemptionService.Verdict>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < tabs; i++) {
                outcomes.add(pool.submit(() -> {
                    go.await();
                    try {
                        return VertxContextSupport.subscribeAndAwait(() -> redemptions.accept(hash, identity)).verdict();
                    } catch (Throwable t) {
                        throw new IllegalStateException(t);
                    }
                }));
            }
            go.countDown();
            int accepted = 0;
            for (Future<RedemptionService.Verdict> outcome : outcomes) {
                RedemptionService.Verdict verdict = outcome.get(60, TimeUnit.SECONDS);
                if (verdict == RedemptionService.Verdict.ACCEPTED) {
                    accepted++;
                } else {
                    assertEquals(RedemptionService.Verdict.NOT_PENDING, verdict);
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
}
