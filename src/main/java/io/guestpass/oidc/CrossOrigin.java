package io.guestpass.oidc;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.util.regex.Pattern;

/**
 * CORS for the endpoints a single-page application calls from script — token, discovery, keys, userinfo — and for the
 * origins of registered {@code spa.redirectUris} only ({@link SpaOrigins}). Never with credentials: these endpoints take
 * no cookies. Nothing else (authorize, logout, pages, /v1.0) ever answers another origin's script.
 */
public class CrossOrigin {

    static final Pattern COVERED = Pattern.compile(
            "/?[^/]+/(oauth2/v2\\.0/token|v2\\.0/\\.well-known/openid-configuration|discovery/v2\\.0/keys|openid/v2\\.0/userinfo)");
    /** Request headers a preflight may ask for: names only (MSAL.js sends its telemetry headers, x-client-SKU and the like). */
    private static final Pattern HEADER_NAMES = Pattern.compile("[A-Za-z0-9-]+(\\s*,\\s*[A-Za-z0-9-]+)*");
    private static final String ALLOWED_ORIGIN = "io.guestpass.cors.origin";

    private final SpaOrigins origins;

    CrossOrigin(SpaOrigins origins) {
        this.origins = origins;
    }

    /** Answers preflights itself; remembers an allowed origin of any other request for the response. */
    @ServerRequestFilter(preMatching = true)
    public Uni<Response> check(ContainerRequestContext request) {
        if (!COVERED.matcher(request.getUriInfo().getPath()).matches()) {
            return Uni.createFrom().nullItem();
        }
        String origin = request.getHeaderString("Origin");
        boolean preflight = "OPTIONS".equals(request.getMethod());
        if (origin == null) {
            return preflight ? Uni.createFrom().item(Response.noContent().header("Allow", "GET, POST, OPTIONS").build())
                    : Uni.createFrom().nullItem();
        }
        return origins.allows(origin).map(allowed -> {
            if (!preflight) {
                if (allowed) {
                    request.setProperty(ALLOWED_ORIGIN, origin);
                }
                return null;
            }
            if (!allowed) {
                return Response.status(Response.Status.FORBIDDEN).header("Vary", "Origin").build();
            }
            Response.ResponseBuilder answer = Response.noContent()
                    .header("Access-Control-Allow-Origin", origin)
                    .header("Access-Control-Allow-Methods", "GET, POST")
                    .header("Access-Control-Max-Age", "600")
                    .header("Vary", "Origin");
            String asked = request.getHeaderString("Access-Control-Request-Headers");
            if (asked != null && asked.length() <= 1000 && HEADER_NAMES.matcher(asked.trim()).matches()) {
                answer.header("Access-Control-Allow-Headers", asked.trim());
            }
            return answer.build();
        });
    }

    @ServerResponseFilter
    public void allow(ContainerRequestContext request, ContainerResponseContext response) {
        if (!COVERED.matcher(request.getUriInfo().getPath()).matches()) {
            return;
        }
        // caches must keep answers for different origins apart (discovery and keys are cacheable)
        response.getHeaders().add("Vary", "Origin");
        Object origin = request.getProperty(ALLOWED_ORIGIN);
        if (origin != null) {
            response.getHeaders().putSingle("Access-Control-Allow-Origin", origin);
        }
    }
}
