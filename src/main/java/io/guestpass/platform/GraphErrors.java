package io.guestpass.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Renders a {@link GraphException} for JAX-RS and for the router alike, in the shape of the path's family: Graph's error
 * body on the API, RFC 6749 §5.2's {@code error}/{@code error_description} on the OpenID Connect provider's endpoints
 * (pages people open are {@link PageErrors}'). So a framework failure (an unsupported media type, a body over the limit, an
 * unknown method) on the token endpoint still answers as an OAuth client expects.
 */
@ApplicationScoped
public class GraphErrors {

    private final ObjectMapper json;

    GraphErrors(ObjectMapper json) {
        this.json = json;
    }

    public GraphError body(GraphException failure, RoutingContext rc) {
        String requestId = rc == null ? null : rc.get(RequestGate.REQUEST_ID);
        String clientRequestId = rc == null ? null : rc.request().getHeader("client-request-id");
        if (clientRequestId != null && (clientRequestId.length() > 128 || !clientRequestId.matches("[A-Za-z0-9._:-]+"))) {
            clientRequestId = null; // echo only what cannot inject anything
        }
        return new GraphError(new GraphError.Detail(failure.code(), failure.getMessage(), failure.target(),
                new GraphError.InnerError(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), requestId, clientRequestId)));
    }

    public Response response(GraphException failure, RoutingContext rc) {
        Response.ResponseBuilder builder = Response.status(failure.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(oauthPath(rc) ? oauthBody(failure) : body(failure, rc));
        if (oauthPath(rc)) {
            builder.header("Cache-Control", "no-store");
        }
        if (failure.retryAfter() != null) {
            builder.header("Retry-After", failure.retryAfter().toSeconds());
        }
        if (failure.status() == 401) {
            builder.header("WWW-Authenticate", "Bearer");
        }
        return builder.build();
    }

    public void write(RoutingContext rc, GraphException failure) {
        try {
            rc.response().setStatusCode(failure.status())
                    .putHeader("Content-Type", MediaType.APPLICATION_JSON)
                    .end(json.writeValueAsString(oauthPath(rc) ? oauthBody(failure) : body(failure, rc)));
        } catch (JsonProcessingException e) {
            rc.fail(e);
        }
    }

    private static boolean oauthPath(RoutingContext rc) {
        return rc != null && FunctionRole.isOpenIdProviderPath(rc.normalizedPath());
    }

    private static java.util.Map<String, String> oauthBody(GraphException failure) {
        String description = failure.status() == 415 ? "The request body must be application/x-www-form-urlencoded." : failure.getMessage();
        return java.util.Map.of("error", failure.status() >= 500 ? "server_error" : failure.status() == 401 ? "invalid_client" : "invalid_request",
                "error_description", description);
    }
}
