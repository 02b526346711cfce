package io.guestpass.federation;

import io.quarkus.oidc.OidcRedirectFilter;
import io.quarkus.oidc.Redirect;
import io.vertx.core.http.Cookie;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.Map;

/**
 * Adds what a journey wants the provider to know to quarkus-oidc's redirect to the provider: the journey decides from its
 * sealed state (e.g. the invited address as login_hint, prompt=login when an application asked for a fresh sign-in),
 * so no static parameter applies to every journey alike.
 */
@ApplicationScoped
@io.quarkus.arc.Unremovable // looked up by quarkus-oidc, never injected
@Redirect(Redirect.Location.OIDC_AUTHORIZATION)
public class ProviderHints implements OidcRedirectFilter {

    private final Instance<Journey<?>> journeys;

    ProviderHints(Instance<Journey<?>> journeys) {
        this.journeys = journeys;
    }

    @Override
    public void filter(OidcRedirectContext context) {
        String path = context.routingContext().normalizedPath();
        for (Journey<?> journey : journeys) {
            if (path.startsWith(journey.signInPath() + "/")) {
                boolean anotherAccount = "1".equals(context.routingContext().request().getParam(Journey.ANOTHER_ACCOUNT));
                parameters(journey, context.routingContext().request().getCookie(journey.state().name()), anotherAccount)
                        .forEach((name, value) -> context.additionalQueryParams().set(name, value));
                return;
            }
        }
    }

    private static <P> Map<String, String> parameters(Journey<P> journey, Cookie cookie, boolean anotherAccount) {
        return journey.state().open(cookie == null ? null : cookie.getValue())
                .map(state -> journey.providerParameters(state, anotherAccount)).orElse(Map.of());
    }
}
