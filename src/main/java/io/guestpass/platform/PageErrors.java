package io.guestpass.platform;

import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;

/**
 * Paths that people open in a browser answer failures with a page, not with Graph's JSON. A function that serves such
 * paths provides this; the one error path ({@link GraphExceptionMappers}) asks it first.
 */
public interface PageErrors {

    boolean serves(String path);

    /** A sign-in did not complete: the provider refused, timed out or answered something we do not accept. */
    Response signInFailed(Throwable failure, RoutingContext rc);

    Response internalError(RoutingContext rc);

    /** Writes a page outside the REST layer (failures that happen before it), status, headers and body as given. */
    default void write(RoutingContext rc, Response page) {
        rc.response().setStatusCode(page.getStatus());
        page.getStringHeaders().forEach((name, values) -> values.forEach(v -> rc.response().headers().add(name, v)));
        rc.response().end(page.getEntity() == null ? "" : page.getEntity().toString());
    }
}
