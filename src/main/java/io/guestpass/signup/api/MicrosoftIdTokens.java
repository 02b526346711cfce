package io.guestpass.signup.api;

import io.guestpass.federation.FederatedIdentity;
import io.guestpass.federation.MicrosoftAccountProvider;
import io.guestpass.federation.RefusedIdentityException;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.Tenant;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Checks a personal Microsoft account's ID token that a back end already holds (the sign-up back-end API): Microsoft's
 * signature and issuer (quarkus-oidc, {@link IdTokenTenant}), not expired, the consumers tenant, an audience the
 * application may present, issued at most {@link #MAX_AGE} ago, and never seen before ({@link ConsumedIdTokens}).
 * <p>
 * The claims are first read without trusting them, so that a refusal can say which rule failed; nothing is accepted
 * before quarkus-oidc verified the signature. The token is consumed last, once everything else passed, so that a
 * refused token does not burn a row and a token is used up only by a call that gets the person.
 */
@ApplicationScoped
public class MicrosoftIdTokens {

    /** The oldest ID token accepted (issue 10): a back end passes on a sign-in it just did, not one it kept. */
    public static final Duration MAX_AGE = Duration.ofMinutes(10);
    /** How far in the future an issue time may lie: the clocks of Microsoft and of this function differ a little. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(2);
    /** Microsoft's ID tokens are 1–3 KB; anything near this is not one (and is not worth parsing). */
    public static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private static final JwtConsumer UNVERIFIED = new JwtConsumerBuilder()
            .setSkipSignatureVerification()
            .setDisableRequireSignature()
            .setSkipAllValidators()
            .build();

    private final TenantIdentityProvider verifier;
    private final MicrosoftAccountProvider microsoft;
    private final ConsumedIdTokens consumed;
    private final Clock clock;

    MicrosoftIdTokens(@Tenant(IdTokenTenant.ID) TenantIdentityProvider verifier, MicrosoftAccountProvider microsoft,
            ConsumedIdTokens consumed, Clock clock) {
        this.verifier = verifier;
        this.microsoft = microsoft;
        this.consumed = consumed;
        this.clock = clock;
    }

    /**
     * The person the token names, with {@code clientId} the token's audience (the back end's Microsoft application).
     * Fails with {@link IdTokenRefusedException} when the token breaks any rule or was used before; with another
     * exception only when Microsoft's keys cannot be had (not the caller's fault).
     */
    public Uni<FederatedIdentity> verify(String idToken, Set<String> allowedAudiences) {
        Presented presented;
        try {
            presented = checkClaims(unverifiedClaims(idToken), allowedAudiences);
        } catch (IdTokenRefusedException e) {
            return Uni.createFrom().failure(e);
        }
        return verifier.authenticate(new AccessTokenCredential(idToken))
                .onFailure(AuthenticationFailedException.class)
                .transform(e -> new IdTokenRefusedException("the token's signature or issuer is not that of Microsoft's personal-account service"))
                .map(identity -> {
                    // quarkus-oidc answers with its default tenant when a named one is missing: fail closed, never trust that
                    if (!IdTokenTenant.ID.equals(identity.getAttribute(OidcUtils.TENANT_ID_ATTRIBUTE))) {
                        throw new IllegalStateException("ID tokens must be checked by the " + IdTokenTenant.ID + " tenant");
                    }
                    return identityFrom((JsonWebToken) identity.getPrincipal(), presented.audience());
                })
                .call(identity -> consumed.consume(idToken, presented.expiresAt()).invoke(first -> {
                    if (!first) {
                        throw new IdTokenRefusedException("the token was already used");
                    }
                }));
    }

    private static JwtClaims unverifiedClaims(String idToken) {
        if (idToken == null || idToken.isBlank()) {
            throw new IdTokenRefusedException("no token was given");
        }
        if (idToken.length() > MAX_TOKEN_LENGTH) {
            throw new IdTokenRefusedException("the token is larger than " + MAX_TOKEN_LENGTH / 1024 + " KiB");
        }
        try {
            return UNVERIFIED.processToClaims(idToken);
        } catch (InvalidJwtException | RuntimeException e) {
            throw new IdTokenRefusedException("the token is not a signed JWT");
        }
    }

    /** What the unverified claims said, once they passed the rules that need no key. */
    private record Presented(String audience, Instant expiresAt) {
    }

    /** The rules that need no key, in the order a caller would want to hear about them. */
    private Presented checkClaims(JwtClaims claims, Set<String> allowedAudiences) {
        try {
            if (!MicrosoftAccountProvider.CONSUMERS_TENANT_ID.equals(claims.getClaimValueAsString("tid"))) {
                throw new IdTokenRefusedException("the token is not for a personal Microsoft account (tid is not the consumers tenant)");
            }
            List<String> audiences = claims.getAudience();
            if (audiences.size() != 1 || allowedAudiences == null || !allowedAudiences.contains(audiences.get(0))) {
                throw new IdTokenRefusedException("the token was issued to a Microsoft application (aud) that is not among "
                        + "this application's microsoftAccountClientIds");
            }
            Instant now = clock.instant();
            NumericDate exp = claims.getExpirationTime();
            if (exp == null || !Instant.ofEpochSecond(exp.getValue()).isAfter(now)) {
                throw new IdTokenRefusedException("the token has expired");
            }
            NumericDate iat = claims.getIssuedAt();
            if (iat == null) {
                throw new IdTokenRefusedException("the token has no issue time (iat)");
            }
            Instant issuedAt = Instant.ofEpochSecond(iat.getValue());
            if (issuedAt.isAfter(now.plus(CLOCK_SKEW))) {
                throw new IdTokenRefusedException("the token's issue time (iat) is in the future");
            }
            if (issuedAt.isBefore(now.minus(MAX_AGE))) {
                throw new IdTokenRefusedException("the token was issued more than " + MAX_AGE.toMinutes() + " minutes ago");
            }
            return new Presented(audiences.get(0), Instant.ofEpochSecond(exp.getValue()));
        } catch (MalformedClaimException e) {
            throw new IdTokenRefusedException("the token has a claim of the wrong type");
        }
    }

    /** As a sign-in through Microsoft would have it, but the client is the back end's Microsoft application. */
    private FederatedIdentity identityFrom(JsonWebToken token, String audience) {
        FederatedIdentity identity;
        try {
            identity = microsoft.identityFrom(token);
        } catch (RefusedIdentityException e) {
            throw new IdTokenRefusedException("the token does not name a personal Microsoft account (" + e.getMessage() + ")");
        }
        return new FederatedIdentity(identity.providerId(), identity.issuer(), identity.issuerAssignedId(), identity.subject(),
                audience, identity.email(), identity.emailVerified(), identity.name());
    }
}
