package io.guestpass.oidc;

import io.guestpass.directory.SigningKey;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.SigningKeyRows;
import io.guestpass.fixtures.TestClock;
import io.guestpass.migrate.FirstSigningKey;
import io.guestpass.platform.DataCipher;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.jose4j.base64url.Base64Url;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signing with the database's current key and verifying against the published set, refusing everything else. */
@QuarkusTest
@TestProfile(SigningKeysTest.LocalRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class SigningKeysTest {

    /** Development's single process: until a deployed role serves the provider, it is the one that does. */
    public static class LocalRole implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("guestpass.function", "local");
        }
    }

    static final String AUDIENCE = "6e6f1d1e-app";

    @Inject
    SigningKeys signingKeys;

    @Inject
    Tenants tenants;

    @Inject
    FirstSigningKey firstSigningKey;

    @Inject
    DataCipher cipher;

    @Inject
    TestClock clock;

    String currentKid;

    @BeforeEach
    void oneCurrentKeyAndAFreshCache() {
        currentKid = SigningKeyRows.resetToOneCurrentKey(firstSigningKey);
        SigningKeyRows.outdateCachedKeys(clock);
    }

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    @Test
    void aSignedTokenCarriesTheCurrentKidAndTypAndVerifies() throws Exception {
        String jwt = await(() -> signingKeys.sign(claims(tenants.issuer(), AUDIENCE, Duration.ofMinutes(5)), "JWT"));

        JsonWebSignature header = (JsonWebSignature) JsonWebSignature.fromCompactSerialization(jwt);
        assertEquals("RS256", header.getAlgorithmHeaderValue());
        assertEquals(currentKid, header.getKeyIdHeaderValue());
        assertEquals("JWT", header.getHeader("typ"));
        // a relying party's check: the signature verifies with the key the published set holds under that kid
        JsonWebKeySet published = new JsonWebKeySet(await(signingKeys::publishedJwks));
        header.setKey(published.findJsonWebKey(currentKid, "RSA", "sig", "RS256").getKey());
        assertTrue(header.verifySignature());

        JwtClaims verified = await(() -> signingKeys.verify(jwt, tenants.issuer(), AUDIENCE));
        assertEquals("the-guest", verified.getSubject());
        assertEquals(tenants.issuer(), verified.getIssuer());
    }

    @Test
    void aTokenExpiredWithinTheSmallSkewStillVerifiesAndOneBeyondItDoesNot() {
        String withinSkew = signed(claims(tenants.issuer(), AUDIENCE, Duration.ofSeconds(-10)));
        await(() -> signingKeys.verify(withinSkew, tenants.issuer(), AUDIENCE));
        assertRefused(signed(claims(tenants.issuer(), AUDIENCE, Duration.ofMinutes(-2))), "expired");
    }

    @Test
    void aTokenForAnotherAudienceOrFromAnotherIssuerIsRefused() {
        assertRefused(signed(claims(tenants.issuer(), "another-app", Duration.ofMinutes(5))), "another audience");
        assertRefused(signed(claims("https://id.contoso.test/11111111-1111-1111-1111-111111111111/v2.0", AUDIENCE,
                Duration.ofMinutes(5))), "another issuer");
    }

    @Test
    void anUnsignedTokenIsRefusedThoughItNamesOurKey() {
        String header = Base64Url.encodeUtf8ByteRepresentation("{\"alg\":\"none\",\"kid\":\"" + currentKid + "\"}");
        String payload = Base64Url.encodeUtf8ByteRepresentation(claims(tenants.issuer(), AUDIENCE, Duration.ofMinutes(5)).toJson());
        assertRefused(header + "." + payload + ".", "not an RS256-signed token");
    }

    /** The classic confusion: HS256 with the published public key as the shared secret. */
    @Test
    void anHs256TokenKeyedWithOurPublicKeyIsRefused() throws Exception {
        PublicJsonWebKey published = PublicJsonWebKey.Factory.newPublicJwk(
                new JsonWebKeySet(await(signingKeys::publishedJwks)).findJsonWebKey(currentKid, null, null, null).toJson());
        for (byte[] secret : new byte[][] {published.getPublicKey().getEncoded(), published.toJson().getBytes(StandardCharsets.UTF_8)}) {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims(tenants.issuer(), AUDIENCE, Duration.ofMinutes(5)).toJson());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
            jws.setKeyIdHeaderValue(currentKid);
            jws.setKey(new HmacKey(secret));
            assertRefused(jws.getCompactSerialization(), "not an RS256-signed token");
        }
    }

    @Test
    void aTokenSignedByAKeyThatIsNotOursIsRefusedWhateverKidItNames() throws Exception {
        SigningKey stranger = SigningKey.generate(SigningKey.Status.current, clock.instant(), cipher);
        PublicJsonWebKey strangerKey = SigningKey.openPrivate(stranger.kid, stranger.sealedPrivateKey, cipher);
        JwtClaims claims = claims(tenants.issuer(), AUDIENCE, Duration.ofMinutes(5));

        assertRefused(signedWith(strangerKey, stranger.kid, claims), "not one of ours");
        assertRefused(signedWith(strangerKey, currentKid, claims), "signature is not valid");
        assertRefused(signedWith(strangerKey, null, claims), "names no signing key");
    }

    /** A key published by another instance's worker after this instance filled its cache is found at the first token. */
    @Test
    void anUnknownKidReloadsTheKeysAtMostOnceInTenSeconds() throws Exception {
        SigningKey added = SigningKey.generate(SigningKey.Status.next, clock.instant(), cipher);
        String jwt = signedWith(SigningKey.openPrivate(added.kid, added.sealedPrivateKey, cipher), added.kid,
                claims(tenants.issuer(), AUDIENCE, Duration.ofMinutes(5)));
        assertTrue(await(signingKeys::publishedJwks).contains(currentKid)); // the cache is filled now
        SigningKeyRows.insert(added);

        clock.advance(SigningKeys.MIN_RELOAD_INTERVAL.minusSeconds(3));
        assertRefused(jwt, "not one of ours"); // a flood of unknown kids cannot turn into a flood of queries
        clock.advance(Duration.ofSeconds(3));
        assertEquals("the-guest", await(() -> signingKeys.verify(jwt, tenants.issuer(), AUDIENCE)).getSubject());
        assertTrue(await(signingKeys::publishedJwks).contains(added.kid));
    }

    @Test
    void theKeysAreReadAgainAfterFiveMinutes() {
        SigningKey added = SigningKey.generate(SigningKey.Status.next, clock.instant(), cipher);
        assertTrue(await(signingKeys::publishedJwks).contains(currentKid)); // the cache is filled now
        SigningKeyRows.insert(added);

        clock.advance(SigningKeys.MAX_AGE.minusSeconds(30));
        assertFalse(await(signingKeys::publishedJwks).contains(added.kid));
        clock.advance(Duration.ofSeconds(30));
        assertTrue(await(signingKeys::publishedJwks).contains(added.kid));
    }

    @Test
    void withoutACurrentKeyNothingIsSignedAndTheReasonIsNamed() {
        io.guestpass.fixtures.Directory.execute("delete from signing_key");
        SigningKeyRows.outdateCachedKeys(clock);
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> await(() -> signingKeys.sign(claims(tenants.issuer(), AUDIENCE, Duration.ofMinutes(5)), "JWT")));
        assertTrue(refused.getMessage().contains("migrate"), refused.getMessage());
    }

    private void assertRefused(String jwt, String reason) {
        Throwable refused = assertThrows(Throwable.class, () -> await(() -> signingKeys.verify(jwt, tenants.issuer(), AUDIENCE)));
        assertInstanceOf(SigningKeys.InvalidTokenException.class, refused);
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
        assertFalse(refused.getMessage().contains("the-guest"), "no claim values in the message: " + refused.getMessage());
    }

    private String signed(JwtClaims claims) {
        return await(() -> signingKeys.sign(claims, "JWT"));
    }

    private static String signedWith(PublicJsonWebKey key, String kid, JwtClaims claims) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        if (kid != null) {
            jws.setKeyIdHeaderValue(kid);
        }
        jws.setKey(key.getPrivateKey());
        return jws.getCompactSerialization();
    }

    private JwtClaims claims(String issuer, String audience, Duration expiresIn) {
        Instant now = clock.instant();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(audience);
        claims.setSubject("the-guest");
        claims.setIssuedAt(NumericDate.fromMilliseconds(now.plus(expiresIn).minus(Duration.ofMinutes(10)).toEpochMilli()));
        claims.setExpirationTime(NumericDate.fromMilliseconds(now.plus(expiresIn).toEpochMilli()));
        return claims;
    }

    private static <T> T await(Supplier<Uni<T>> call) {
        try {
            return VertxContextSupport.subscribeAndAwait(call);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
