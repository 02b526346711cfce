package io.guestpass.signup.api;

import io.guestpass.devmode.LocalMicrosoftAccount;
import io.guestpass.devmode.LocalMicrosoftAccount.Tamper;
import io.guestpass.federation.FederatedIdentity;
import io.guestpass.federation.MicrosoftAccountProvider;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.MicrosoftBackEnd;
import io.guestpass.fixtures.TestClock;
import io.guestpass.oidc.SignUpRole;
import io.guestpass.worker.Housekeeping;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** ID tokens a back end presents, as the local Microsoft stand-in issues them to the back end's own Microsoft application. */
@QuarkusTest
@TestProfile(SignUpRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class MicrosoftIdTokensTest {

    static final Set<String> BACK_END = Set.of(GuestpassTestResources.BACK_END_MSA_CLIENT_ID);

    @Inject
    MicrosoftIdTokens tokens;

    @Inject
    Housekeeping housekeeping;

    @Inject
    TestClock clock;

    @BeforeEach
    void emptyDirectory() {
        Directory.reset();
        Directory.execute("delete from consumed_id_token");
    }

    @AfterEach
    void realTime() {
        clock.reset();
        GuestpassTestResources.microsoft().setClock(Clock.systemUTC());
    }

    @Test
    void aFreshTokenForAListedClientNamesThePersonAsASignInWould() {
        String idToken = MicrosoftBackEnd.idTokenFor("Ada.Lovelace@outlook.com");
        FederatedIdentity identity = verify(idToken, Set.of("11111111-2222-3333-4444-555555555555",
                GuestpassTestResources.BACK_END_MSA_CLIENT_ID));
        LocalMicrosoftAccount.Account account = LocalMicrosoftAccount.Account.of("Ada.Lovelace@outlook.com");
        assertEquals("MSASignup-OAUTH", identity.providerId());
        assertEquals(MicrosoftAccountProvider.ISSUER_LABEL, identity.issuer());
        assertEquals(account.oid(), identity.issuerAssignedId());
        assertEquals(LocalMicrosoftAccount.pairwiseSubject(GuestpassTestResources.BACK_END_MSA_CLIENT_ID, account.oid()), identity.subject());
        assertEquals(GuestpassTestResources.BACK_END_MSA_CLIENT_ID, identity.clientId());
        assertEquals("Ada.Lovelace@outlook.com", identity.email());
        assertTrue(identity.emailVerified());
        assertEquals("Ada Lovelace", identity.name());
        assertEquals(1, Directory.count("select count(*) from consumed_id_token where expires_at > now() + interval '50 minutes'"));
        assertEquals(0, Directory.count("select count(*) from consumed_id_token where token_hash::text like ?", "%" + idToken + "%"));
    }

    @Test
    void aTokenIsAcceptedOnce() {
        String idToken = MicrosoftBackEnd.idTokenFor("grace@outlook.com");
        verify(idToken, BACK_END);
        assertRefused("the token was already used", idToken, BACK_END);
        assertRefused("the token was already used", idToken, BACK_END);
        assertEquals(1, Directory.count("select count(*) from consumed_id_token"));
    }

    @Test
    void tenSimultaneousUsesOfOneTokenAcceptExactlyOne() throws Exception {
        String idToken = MicrosoftBackEnd.idTokenFor("race@outlook.com");
        int n = 10;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Throwable>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        VertxContextSupport.subscribeAndAwait(() -> tokens.verify(idToken, BACK_END));
                        return null;
                    } catch (Throwable e) {
                        return e;
                    }
                }));
            }
            start.countDown();
            int accepted = 0;
            for (Future<Throwable> outcome : outcomes) {
                Throwable failure = outcome.get(60, TimeUnit.SECONDS);
                if (failure == null) {
                    accepted++;
                } else {
                    assertEquals("the token was already used", assertInstanceOf(IdTokenRefusedException.class, failure).reason());
                }
            }
            assertEquals(1, accepted);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, Directory.count("select count(*) from consumed_id_token"));
    }

    @Test
    void aTokenForAnotherMicrosoftApplicationIsRefused() {
        assertRefused("not among this application's microsoftAccountClientIds",
                MicrosoftBackEnd.idTokenForGuestpassItself("ada@outlook.com"), BACK_END);
        assertRefused("not among this application's microsoftAccountClientIds", MicrosoftBackEnd.idTokenFor("ada@outlook.com"), Set.of());
        assertRefused("not among this application's microsoftAccountClientIds",
                MicrosoftBackEnd.idTokenFor("ada@outlook.com", Tamper.WRONG_AUDIENCE), BACK_END);
        // Microsoft's client ids are lower case and so is the list: no case folding on the token's side
        assertRefused("not among this application's microsoftAccountClientIds", MicrosoftBackEnd.idTokenFor("ada@outlook.com"),
                Set.of(GuestpassTestResources.BACK_END_MSA_CLIENT_ID.toUpperCase()));
    }

    @Test
    void aWorkOrSchoolAccountIsRefused() {
        assertRefused("not for a personal Microsoft account", MicrosoftBackEnd.idTokenFor("ada@contoso.com", Tamper.WRONG_TID), BACK_END);
    }

    @Test
    void anotherIssuerIsRefused() {
        assertRefused("signature or issuer", MicrosoftBackEnd.idTokenFor("ada@outlook.com", Tamper.WRONG_ISSUER), BACK_END);
    }

    @Test
    void aTokenIssuedElevenMinutesAgoIsTooOldThoughUnexpired() {
        GuestpassTestResources.microsoft().setClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-11)));
        String idToken = MicrosoftBackEnd.idTokenFor("ada@outlook.com");
        assertRefused("issued more than 10 minutes ago", idToken, BACK_END);
        // nine minutes is young enough
        GuestpassTestResources.microsoft().setClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-9)));
        verify(MicrosoftBackEnd.idTokenFor("ada@outlook.com"), BACK_END);
    }

    @Test
    void anExpiredTokenIsRefused() {
        assertRefused("the token has expired", MicrosoftBackEnd.idTokenFor("ada@outlook.com", Tamper.EXPIRED), BACK_END);
        // and one that expires while it waits
        String idToken = MicrosoftBackEnd.idTokenFor("ada@outlook.com");
        clock.advance(Duration.ofMinutes(61));
        assertRefused("the token has expired", idToken, BACK_END);
    }

    @Test
    void aTokenFromTheFutureIsRefused() {
        GuestpassTestResources.microsoft().setClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5)));
        assertRefused("in the future", MicrosoftBackEnd.idTokenFor("ada@outlook.com"), BACK_END);
    }

    @Test
    void aBadSignatureAnotherKeyOrNoSignatureIsRefused() {
        for (Tamper tamper : List.of(Tamper.BAD_SIGNATURE, Tamper.UNKNOWN_KID, Tamper.ALG_NONE)) {
            assertRefused("signature or issuer", MicrosoftBackEnd.idTokenFor("ada@outlook.com", tamper), BACK_END);
        }
        // a good token's claims under another token's signature
        String[] good = MicrosoftBackEnd.idTokenFor("ada@outlook.com").split("\\.");
        String[] other = MicrosoftBackEnd.idTokenFor("mallory@outlook.com").split("\\.");
        assertRefused("signature or issuer", good[0] + "." + other[1] + "." + good[2], BACK_END);
        assertEquals(0, Directory.count("select count(*) from consumed_id_token"));
    }

    @Test
    void garbageAndOversizedTokensAreRefusedWithoutAsking() {
        int keyFetches = GuestpassTestResources.microsoft().jwksRequests();
        assertRefused("no token was given", null, BACK_END);
        assertRefused("no token was given", " ", BACK_END);
        assertRefused("not a signed JWT", "not-a-token", BACK_END);
        assertRefused("not a signed JWT", "a.b.c", BACK_END);
        assertRefused("not a signed JWT", "eyJhbGciOiJSUzI1NiJ9." + Base64.getUrlEncoder().encodeToString("[1,2]".getBytes(StandardCharsets.UTF_8)) + ".c2ln", BACK_END);
        String real = MicrosoftBackEnd.idTokenFor("ada@outlook.com");
        String[] parts = real.split("\\.");
        String padded = parts[0] + "." + parts[1] + "." + parts[2] + "A".repeat(MicrosoftIdTokens.MAX_TOKEN_LENGTH);
        assertRefused("larger than 16 KiB", padded, BACK_END);
        String wrongType = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"tid\":\"" + MicrosoftAccountProvider.CONSUMERS_TENANT_ID + "\",\"aud\":\"" + GuestpassTestResources.BACK_END_MSA_CLIENT_ID
                        + "\",\"exp\":\"soon\"}").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertRefused("wrong type", wrongType, BACK_END);
        assertEquals(keyFetches, GuestpassTestResources.microsoft().jwksRequests());
        assertEquals(0, Directory.count("select count(*) from consumed_id_token"));
    }

    @Test
    void theWorkerForgetsTokensOnceTheyHaveExpired() throws Throwable {
        verify(MicrosoftBackEnd.idTokenFor("ada@outlook.com"), BACK_END);
        Directory.execute("insert into consumed_id_token (token_hash, expires_at) values ('\\x01', now() - interval '1 second')");
        VertxContextSupport.subscribeAndAwait(() -> housekeeping.purge());
        assertEquals(1, Directory.count("select count(*) from consumed_id_token"));
        clock.advance(Duration.ofMinutes(61));
        VertxContextSupport.subscribeAndAwait(() -> housekeeping.purge());
        assertEquals(0, Directory.count("select count(*) from consumed_id_token"));
    }

    private FederatedIdentity verify(String idToken, Set<String> audiences) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> tokens.verify(idToken, audiences));
        } catch (Throwable e) {
            return fail("refused: " + e, e);
        }
    }

    private void assertRefused(String reasonPart, String idToken, Set<String> audiences) {
        IdTokenRefusedException refused = assertThrows(IdTokenRefusedException.class,
                () -> VertxContextSupport.subscribeAndAwait(() -> tokens.verify(idToken, audiences)));
        assertTrue(refused.reason().contains(reasonPart), refused.reason());
    }
}
