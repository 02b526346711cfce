package io.guestpass.redeem;

import io.guestpass.federation.FederatedIdentity;
import io.guestpass.federation.IdentityProvider;
import io.guestpass.federation.RefusedIdentityException;
import io.guestpass.platform.RateLimiter;
import io.quarkus.oidc.IdToken;
import io.quarkus.oidc.OidcSession;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;

/**
 * The identity-provider round trip. {@code /redeem/signin/<tenant>} is protected by that quarkus-oidc tenant: the first
 * visit redirects to the provider (authorization code + PKCE S256, state, nonce, response_mode=query), the provider
 * returns to {@code /redeem/callback}, quarkus-oidc validates the ID token fully and brings the person back here. The
 * provider's session then ends at once: the verified identity travels on in the sealed redeem state only.
 */
@Path("/redeem")
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

    @Inject
    @IdToken
    JsonWebToken idToken;

    @Inject
    OidcSession oidcSession;

    @Inject
    Instance<IdentityProvider> providers;

    @Inject
    RedemptionService redemptions;

    @Inject
    RedeemStateCookie cookies;

    @Inject
    RedeemFlow flow;

    @Inject
    RateLimiter limiter;

    @GET
    @Path("signin/{provider}")
    @Authenticated
    public Uni<Response> signedIn(@PathParam("provider") String tenant, @CookieParam(RedeemStateCookie.NAME) String sealed,
            @HeaderParam("Accept-Language") String language) {
        return afterProvider(tenant, sealed, language);
    }

    /** The redirect URI; quarkus-oidc normally sends the person on to the original path before this runs. */
    @GET
    @Path("callback")
    @Authenticated
    public Uni<Response> callback(@CookieParam(RedeemStateCookie.NAME) String sealed, @HeaderParam("Accept-Language") String language) {
        return afterProvider(oidcSession.getTenantId(), sealed, language);
    }

    private Uni<Response> afterProvider(String tenant, String sealed, String language) {
        Optional<RedeemState> state = cookies.open(sealed);
        IdentityProvider provider = providers.stream().filter(p -> p.tenant().equals(tenant)).findFirst().orElse(null);
        // the provider's session ends here, whatever the outcome: the next sign-in asks the provider again
        Uni<Void> endSession = oidcSession.logout().onFailure().recoverWithNull();
        if (state.isEmpty() || provider == null) {
            return endSession.map(v -> flow.stateExpired(RedeemPages.locale(language, null)));
        }
        FederatedIdentity identity;
        try {
            identity = provider.identityFrom(idToken);
        } catch (RefusedIdentityException refused) {
            return endSession.map(v -> flow.refusedAccount(RedeemPages.locale(language, null)));
        }
        byte[] hash = RedeemStateCookie.ticketHash(state.get());
        return endSession
                .chain(() -> limiter.hit(RedeemResource.TICKET_ATTEMPTS, flow.bucket(hash)))
                .chain(attempts -> !attempts.allowed()
                        ? Uni.createFrom().item(flow.throttled(RedeemPages.locale(language, null), attempts.retryAfter()))
                        : redemptions.lookUp(hash).chain(redemption -> redemption.user() == null
                                ? Uni.createFrom().item(flow.unknown(RedeemPages.locale(language, null)))
                                : redemptions.linkedElsewhere(identity, redemption.user().id)
                                        .map(linked -> flow.afterSignIn(redemption, state.get(), identity, linked, language))));
    }
}
