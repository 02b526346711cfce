package io.guestpass.oidc;

import io.guestpass.directory.SigningKey;
import io.guestpass.platform.DataCipher;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys Guestpass signs its tokens with, read from the database (never made per instance): signs with the current
 * key, verifies with any published one, and serves the published key set. Nothing happens at start-up; the keys are
 * loaded at first use, kept at most {@link #MAX_AGE} (the worker rotates them), and reloaded at once, at most every
 * {@link #MIN_RELOAD_INTERVAL}, when a token names a kid this instance does not know yet.
 */
@ApplicationScoped
public class SigningKeys {

    static final Duration MAX_AGE = Duration.ofMinutes(5);
    static final Duration MIN_RELOAD_INTERVAL = Duration.ofSeconds(10);
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    private static final String RS256 = AlgorithmIdentifiers.RSA_USING_SHA256;

    private static final String PUBLISHED = "select kid, status, public_jwk, sealed_private_key from signing_key "
            + "where status in ('current', 'next', 'previous') order by case status when 'current' then 0 when 'next' then 1 else 2 end, "
            + "published_at desc";

    /**
     * A token that must not be trusted: bad signature or algorithm, unknown kid, expired, or for another issuer or audience.
     * Carries no cause: jose4j's messages quote the token and its claims (addresses, names), which must not reach logs.
     */
    public static class InvalidTokenException extends RuntimeException {
        InvalidTokenException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The current key, its private half still sealed: it is opened at the first signature, so a role that only verifies
     * or publishes (invite, the key-set endpoint) never decrypts it.
     */
    private static final class CurrentKey {
        private final String kid;
        private final String sealedPrivateKey;
        private volatile PublicJsonWebKey opened;

        CurrentKey(String kid, String sealedPrivateKey) {
            this.kid = kid;
            this.sealedPrivateKey = sealedPrivateKey;
        }

        PublicJsonWebKey open(DataCipher cipher) {
            PublicJsonWebKey key = opened;
            if (key == null) {
                key = SigningKey.openPrivate(kid, sealedPrivateKey, cipher);
                opened = key;
            }
            return key;
        }
    }

    /** What one load found: the published keys by kid, the current one (sealed), and the key set's JSON. */
    private record KeySet(Instant loadedAt, Map<String, PublicJsonWebKey> published, CurrentKey current, String jwks) {

        /** A clock set back (or a load "in the future") counts as stale, so that a clock step never freezes the cache. */
        boolean loadedWithin(Duration age, Instant now) {
            return !now.isBefore(loadedAt) && now.isBefore(loadedAt.plus(age));
        }
    }

    private final Pool pool;
    private final DataCipher cipher;
    private final Clock clock;
    private volatile KeySet loaded;

    SigningKeys(Pool pool, DataCipher cipher, Clock clock) {
        this.pool = pool;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** The claims as a compact JWS signed with the current key: RS256, with {@code kid} and {@code typ} in the header. */
    public Uni<String> sign(JwtClaims claims, String typ) {
        return keys().map(keys -> {
            if (keys.current() == null) {
                throw new IllegalStateException("No current signing key: the migrate function creates the first one");
            }
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setAlgorithmHeaderValue(RS256);
            jws.setKeyIdHeaderValue(keys.current().kid);
            jws.setHeader("typ", typ);
            jws.setKey(keys.current().open(cipher).getPrivateKey());
            try {
                return jws.getCompactSerialization();
            } catch (JoseException e) {
                throw new IllegalStateException("Signing failed", e);
            }
        });
    }

    /**
     * The claims of a token this deployment signed, after checking its RS256 signature with the published key its kid names,
     * its issuer, its audience and its expiry (with {@link #CLOCK_SKEW}). Fails with {@link InvalidTokenException}.
     */
    public Uni<JwtClaims> verify(String jwt, String expectedIssuer, String expectedAudience) {
        return verify(jwt, expectedIssuer, expectedAudience, true);
    }

    /**
     * The claims of a token this deployment signed for any audience, expired or not: an {@code id_token_hint} (OpenID Connect
     * RP-Initiated Logout §2 lets it be past its expiry). Only the signature and the issuer are checked.
     */
    public Uni<JwtClaims> verifyHint(String jwt, String expectedIssuer) {
        return verify(jwt, expectedIssuer, null, false);
    }

    private Uni<JwtClaims> verify(String jwt, String expectedIssuer, String expectedAudience, boolean current) {
        JwtContext parsed;
        String kid;
        try {
            // the header only, to find the key; nothing of it is trusted before the signature is checked below
            parsed = new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature().setSkipSignatureVerification()
                    .build().process(jwt);
            List<JsonWebStructure> structures = parsed.getJoseObjects();
            kid = structures.size() == 1 ? structures.get(0).getKeyIdHeaderValue() : null;
        } catch (InvalidJwtException e) {
            return Uni.createFrom().failure(new InvalidTokenException("The token is not a signed JWT"));
        }
        if (kid == null) {
            return Uni.createFrom().failure(new InvalidTokenException("The token names no signing key (kid)"));
        }
        return keys().chain(keys -> keys.published().containsKey(kid) ? Uni.createFrom().item(keys) : reloadForUnknownKid(keys))
                .map(keys -> {
                    PublicJsonWebKey key = keys.published().get(kid);
                    if (key == null) {
                        throw new InvalidTokenException("The token's signing key " + kid + " is not one of ours");
                    }
                    try {
                        JwtConsumerBuilder consumer = new JwtConsumerBuilder()
                                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, RS256)
                                .setVerificationKey(key.getPublicKey())
                                .setExpectedIssuer(expectedIssuer);
                        if (current) {
                            consumer.setRequireExpirationTime()
                                    .setAllowedClockSkewInSeconds((int) CLOCK_SKEW.toSeconds())
                                    .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                                    .setExpectedAudience(expectedAudience);
                        } else {
                            // the signature is still checked; expiry, not-before and audience are not, the issuer below
                            consumer.setSkipAllValidators();
                        }
                        consumer.build().processContext(parsed);
                        if (!current && !expectedIssuer.equals(parsed.getJwtClaims().getIssuer())) {
                            throw new InvalidTokenException("The token is refused: it is for another issuer");
                        }
                        return parsed.getJwtClaims();
                    } catch (InvalidJwtException e) {
                        throw new InvalidTokenException("The token is refused: " + reason(e));
                    } catch (MalformedClaimException e) {
                        throw new InvalidTokenException("The token is refused: its issuer is not a string");
                    }
                });
    }

    /** The published key set as JSON: the public halves of the current, next and previous keys (RS256, {@code use: sig}). */
    public Uni<String> publishedJwks() {
        return keys().map(KeySet::jwks);
    }

    private Uni<KeySet> keys() {
        KeySet keys = loaded;
        return keys != null && keys.loadedWithin(MAX_AGE, clock.instant()) ? Uni.createFrom().item(keys) : load();
    }

    /** A kid we do not know may be a key published since the last load; at most one reload per interval, whatever comes in. */
    private Uni<KeySet> reloadForUnknownKid(KeySet keys) {
        return keys.loadedWithin(MIN_RELOAD_INTERVAL, clock.instant()) ? Uni.createFrom().item(keys) : load();
    }

    private Uni<KeySet> load() {
        Instant now = clock.instant();
        return pool.query(PUBLISHED).execute().map(rows -> {
            Map<String, PublicJsonWebKey> published = new LinkedHashMap<>();
            CurrentKey current = null;
            for (Row row : rows) {
                String kid = row.getString("kid");
                published.put(kid, publicKey(kid, row.getString("public_jwk")));
                if (SigningKey.Status.current.name().equals(row.getString("status"))) {
                    current = new CurrentKey(kid, row.getString("sealed_private_key"));
                }
            }
            KeySet keys = new KeySet(now, published, current, new JsonWebKeySet(new ArrayList<>(published.values()))
                    .toJson(OutputControlLevel.PUBLIC_ONLY));
            loaded = keys;
            return keys;
        });
    }

    private static String reason(InvalidJwtException e) {
        if (e.hasExpired()) {
            return "it has expired";
        }
        if (e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
            return "it has no expiry (exp)";
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return "it is from another issuer";
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return "it is for another audience";
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
            return "its signature is not valid";
        }
        return "it is not an RS256-signed token of this issuer";
    }

    /** Only RSA keys for RS256 are ever published or trusted, whatever a row holds. */
    private static PublicJsonWebKey publicKey(String kid, String json) {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(json);
            if (!"RSA".equals(jwk.getKeyType()) || !kid.equals(jwk.getKeyId()) || !RS256.equals(jwk.getAlgorithm())) {
                throw new IllegalStateException("Signing key " + kid + " is not an RS256 key under its own kid");
            }
            // rebuilt from the public key alone: a private part a row might hold is never published
            PublicJsonWebKey published = PublicJsonWebKey.Factory.newPublicJwk(jwk.getPublicKey());
            published.setKeyId(kid);
            published.setUse("sig");
            published.setAlgorithm(RS256);
            return published;
        } catch (JoseException e) {
            throw new IllegalStateException("Signing key " + kid + " could not be read", e);
        }
    }
}
