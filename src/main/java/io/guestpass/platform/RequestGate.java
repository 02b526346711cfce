package io.guestpass.platform;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.quarkus.vertx.http.runtime.QuarkusHttpHeaders;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.util.UUID;

/**
 * The first handler of every request: gives it a request id (API Gateway's when there is one), refuses paths that belong
 * to another function and bodies over the limit, and writes the one log line per request. The query string is never
 * logged: redeem links carry their ticket there.
 */
@ApplicationScoped
public class RequestGate {

    public static final String REQUEST_ID = "guestpass.request-id";
    public static final String SOURCE_IP = "guestpass.source-ip";
    public static final long MAX_BODY_BYTES = 64 * 1024;
    /** Browsers use https only for a year, on every subdomain too; set on every response (pages, API, errors, 404s). */
    static final String HSTS = "max-age=31536000; includeSubDomains";

    private static final Logger LOG = Logger.getLogger("io.guestpass.request");

    private static final java.util.Set<io.vertx.core.http.HttpMethod> MAY_HAVE_BODY = java.util.Set.of(
            io.vertx.core.http.HttpMethod.POST, io.vertx.core.http.HttpMethod.PUT, io.vertx.core.http.HttpMethod.PATCH,
            io.vertx.core.http.HttpMethod.DELETE);

    private final BodyHandler bodyReader = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
    private final FunctionRole role;
    private final GraphErrors errors;
    private final String publicHost;

    RequestGate(GuestpassConfig config, GraphErrors errors) {
        this.role = config.function();
        if (role == FunctionRole.local && io.quarkus.runtime.LaunchMode.current() == io.quarkus.runtime.LaunchMode.NORMAL) {
            throw new IllegalStateException("guestpass.function=local is for development only; deploy one role per function");
        }
        this.errors = errors;
        this.publicHost = java.net.URI.create(config.publicBaseUrl()).getRawAuthority();
    }

    void install(@Observes Router router, Instance<PageErrors> pageErrors) {
        router.route().order(Integer.MIN_VALUE).handler(this::admit).failureHandler(this::bodyTooLarge);
        // a sign-in that quarkus-oidc refuses before the REST layer (a forged token, an unreachable provider) ends as a
        // bare 401; on pages people see, it becomes a redirect to a page that says what happened and what to do
        router.route().order(Integer.MIN_VALUE + 1).handler(rc -> {
            pageErrors.stream().filter(p -> p.serves(rc.normalizedPath())).findFirst().ifPresent(page -> rc.addHeadersEndHandler(v -> {
                if (rc.response().getStatusCode() == 401 && rc.response().headers().get("Content-Type") == null) {
                    rc.response().setStatusCode(303).putHeader("Location", page.signInFailedLocation(rc.normalizedPath()))
                            .putHeader("Cache-Control", "no-store").putHeader("Referrer-Policy", "no-referrer");
                }
            }));
            rc.next();
        });
    }


    void admit(RoutingContext rc) {
        long started = System.nanoTime();
        APIGatewayV2HTTPEvent.RequestContext gateway = gatewayContext(rc);
        String requestId = gateway != null && gateway.getRequestId() != null ? gateway.getRequestId() : UUID.randomUUID().toString();
        rc.put(REQUEST_ID, requestId);
        rc.put(SOURCE_IP, gateway != null && gateway.getHttp() != null ? gateway.getHttp().getSourceIp()
                : rc.request().remoteAddress() == null ? null : rc.request().remoteAddress().hostAddress());
        rc.response().putHeader("request-id", requestId);
        rc.addHeadersEndHandler(v -> rc.response().headers().set("Strict-Transport-Security", HSTS));
        // absolute URLs that libraries build from the request (quarkus-oidc's redirect_uri) start with the public origin,
        // never with whatever Host a client sent
        rc.request().headers().set(HttpHeaders.HOST, publicHost);
        MDC.put("requestId", requestId);
        String path = rc.normalizedPath();
        rc.addEndHandler(done -> LOG.infof("%s %s %d %dms function=%s requestId=%s", rc.request().method(), path,
                rc.response().getStatusCode(), (System.nanoTime() - started) / 1_000_000, role, requestId));

        if (!role.owns(path)) {
            errors.write(rc, GraphException.notFound("No route for " + path + " in the " + role + " function."));
            return;
        }
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && tooLarge(length)) {
            errors.write(rc, tooLarge());
            return;
        }
        if (length == null && MAY_HAVE_BODY.contains(rc.request().method())) {
            // no declared length (chunked, or an event without the header): read the body here, counting; over the limit
            // the body handler fails the request with 413, which bodyTooLarge answers in Graph's shape
            bodyReader.handle(rc);
            return;
        }
        rc.next();
    }

    private void bodyTooLarge(RoutingContext rc) {
        if (rc.statusCode() == 413 && !rc.response().headWritten()) {
            errors.write(rc, tooLarge());
        } else {
            rc.next();
        }
    }

    private static GraphException tooLarge() {
        return GraphException.tooLarge("The request body exceeds 64 KiB (" + MAX_BODY_BYTES + " bytes).");
    }

    private static boolean tooLarge(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    static APIGatewayV2HTTPEvent.RequestContext gatewayContext(RoutingContext rc) {
        if (rc.request().headers() instanceof QuarkusHttpHeaders headers) {
            return headers.getContextObject(APIGatewayV2HTTPEvent.RequestContext.class);
        }
        return null;
    }
}
