package io.guestpass.oidc;

import io.guestpass.federation.FederatedIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;

import java.util.Locale;
import java.util.Optional;

/**
 * Where app sign-in hands over to self-service sign-up (implemented by the sign-up journey, which depends on this package
 * and not the other way round): an authorization request with {@code prompt=create}, and a person the provider vouched
 * for whom the directory does not know, signing in to an application that is linked to a user flow.
 */
public interface SignUpEntry {

    /** prompt=create: the provider page of the application's flow, or the page saying why sign-up is not possible. */
    Uni<Response> start(AuthorizationRequest request, Locale locale);

    /** An unknown identity: the sign-up of the application's flow continues with it; empty when the application has none. */
    Uni<Optional<Response>> continueWith(AuthorizationRequest request, FederatedIdentity identity, String acceptLanguage);
}
