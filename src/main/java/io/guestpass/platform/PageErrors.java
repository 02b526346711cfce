package io.guestpass.platform;

import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;

/**
 * Paths that people open in a browser answer failures with a page, not with Graph's JSON. A function that serves such
 * paths provides this; the one error path ({@link GraphExceptionMappers}) asks it first.
 */
public interface PageErrors {

    boolean serves(String path);

    /** Where a person goes when quarkus-oidc refused a sign-in before any page could be rendered. */
    String signInFailedLocation(String path);

    /** A sign-in did not complete: the provider refused, timed out or answered something we do not accept. */
    Response signInFailed(Throwable failure, RoutingContext rc);

    Response internalError(RoutingContext rc);
}
