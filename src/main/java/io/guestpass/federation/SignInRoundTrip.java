package io.guestpass.federation;

import io.guestpass.web.Languages;
import io.quarkus.oidc.OidcSession;
import io.quarkus.oidc.UserInfo;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;

/**
 * The part of every journey's provider round trip that does not depend on the journey. quarkus-oidc has run the code
 * flow (PKCE S256, state, nonce) and validated the ID token fully; here the journey's sealed state is opened, the
 * provider's session ends at once (the verified identity travels on in the journey's state only, and the next sign-in
 * asks the provider again), the provider turns the token into an identity, and the journey continues.
 */
@ApplicationScoped
public class SignInRoundTrip {

    private final IdentityProviders providers;

    SignInRoundTrip(IdentityProviders providers) {
        this.providers = providers;
    }

    /**
     * At the journey's callback: the provider is the one whose quarkus-oidc tenant ({@code <provider>-<journey>}, see
     * {@link JourneyTenants}) ran the code flow.
     */
    public <P> Uni<Response> completeAtCallback(Journey<P> journey, String sealedState, JsonWebToken idToken, UserInfo userInfo,
            OidcSession providerSession, String acceptLanguage) {
        String tenant = providerSession.getTenantId().replace("-" + journey.name(), "");
        return complete(journey, tenant, sealedState, idToken, userInfo, providerSession, acceptLanguage);
    }

    /**
     * After the code flow with the provider at {@code tenant}: its ID token and, where quarkus-oidc asked for it, its user
     * info (Facebook's Graph {@code /me}, which stands in for an ID token; an empty one otherwise). The provider is looked
     * up again (a configured one from its row): one deleted or disabled during the round trip vouches for no one.
     */
    public <P> Uni<Response> complete(Journey<P> journey, String tenant, String sealedState, JsonWebToken idToken, UserInfo userInfo,
            OidcSession providerSession, String acceptLanguage) {
        Optional<JourneyState<P>> state = journey.state().open(sealedState);
        String providerTenant = tenant.endsWith("-" + journey.name()) ? tenant.substring(0, tenant.length() - journey.name().length() - 1) : tenant;
        Uni<Void> endSession = providerSession.logout().onFailure().recoverWithNull();
        return providers.runningAt(providerTenant).chain(provider -> {
            if (state.isEmpty()) {
                return endSession.map(v -> journey.stateExpired(Languages.forPage(acceptLanguage, null)));
            }
            if (provider.isEmpty()) {
                return endSession.map(v -> journey.providerFailed(Languages.forPage(acceptLanguage, null), false));
            }
            FederatedIdentity identity;
            try {
                identity = provider.get().identityFrom(idToken, userInfo);
            } catch (RefusedIdentityException refused) {
                return endSession.map(v -> journey.refusedAccount(Languages.forPage(acceptLanguage, null)));
            }
            return endSession.chain(() -> journey.signedIn(state.get(), identity, acceptLanguage));
        });
    }
}
