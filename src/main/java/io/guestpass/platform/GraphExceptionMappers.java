package io.guestpass.platform;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

import java.util.Optional;
import java.util.stream.Collectors;

/** The one error path: every failure leaves as Graph's error shape; bad input is never a 500. */
public class GraphExceptionMappers {

    private static final Logger LOG = Logger.getLogger(GraphExceptionMappers.class);

    @Inject
    GraphErrors errors;

    @Inject
    RoutingContext rc;

    @Inject
    Instance<PageErrors> pageErrors;

    @Inject
    RefusalLog refusals;

    /** The page renderer for this path, when people (not programs) open it. */
    private Optional<PageErrors> pages() {
        String path = rc.normalizedPath();
        return pageErrors.stream().filter(p -> p.serves(path)).findFirst();
    }

    @ServerExceptionMapper
    public Response graph(GraphException e) {
        return errors.response(e, rc);
    }

    /** Every refused authorization is recorded first; the answer is the same whether or not the record could be written. */
    @ServerExceptionMapper
    public Uni<Response> refused(AuthorizationRefused e) {
        String operation = rc.request().method() + " " + rc.normalizedPath();
        return refusals.recordRefusal(e.caller(), operation, e.targetType(), e.targetId())
                .onFailure().invoke(failure -> LOG.errorf("Could not record a refused authorization (%s)", failure.getClass().getName()))
                .onFailure().recoverWithNull()
                .map(ignored -> errors.response(e, rc));
    }

    @ServerExceptionMapper
    public Response unrecognizedField(UnrecognizedPropertyException e) {
        return errors.response(GraphException.badRequest("Unknown field '" + fieldPath(e) + "' in the request body."), rc);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e) {
        return errors.response(GraphException.badRequest("The request body is not valid JSON."), rc);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        return wrongShape(e);
    }

    @ServerExceptionMapper
    public Response wrongShape(JsonMappingException e) {
        String field = fieldPath(e);
        return errors.response(GraphException.badRequest(field.isEmpty()
                ? "The request body does not have the expected shape."
                : "Field '" + field + "' has the wrong type or format."), rc);
    }

    @ServerExceptionMapper
    public Response otherJson(JsonProcessingException e) {
        return errors.response(GraphException.badRequest("The request body is not valid JSON."), rc);
    }

    @ServerExceptionMapper
    public Uni<Response> unauthenticated(UnauthorizedException e) {
        if (pages().isPresent()) {
            return signInChallenge();
        }
        return Uni.createFrom().item(errors.response(GraphException.unauthorized("Access token is empty or invalid."), rc));
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return pages().map(p -> p.signInFailed(e, rc))
                .orElseGet(() -> errors.response(GraphException.unauthorized(validationFailure(e)), rc));
    }

    /** Says why when the reason is one an operator must act on: a token without aud (Amazon Cognito's access tokens). */
    private static String validationFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidJwtException jwt && jwt.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
                return "Access token validation failure: the token has no aud claim. Only access tokens issued for this API's "
                        + "audience are accepted (Amazon Cognito's carry none; see README, \"Administrators' tokens\").";
            }
        }
        return "Access token validation failure.";
    }

    /** A page that needs a sign-in: the identity provider's challenge (a redirect to it), as Quarkus itself would answer. */
    private Uni<Response> signInChallenge() {
        HttpAuthenticator authenticator = rc.get(HttpAuthenticator.class.getName());
        if (authenticator == null) {
            return Uni.createFrom().item(Response.status(401).build());
        }
        return authenticator.getChallenge(rc).map(challenge -> {
            if (challenge == null) {
                return Response.status(401).build();
            }
            Response.ResponseBuilder response = Response.status(challenge.status);
            challenge.getHeaders().forEach((name, value) -> response.header(name.toString(), value));
            return response.header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer").build();
        });
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return errors.response(GraphException.forbidden("Insufficient privileges to complete the operation."), rc);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return json instanceof UnrecognizedPropertyException u ? unrecognizedField(u)
                    : json instanceof JsonMappingException m ? wrongShape(m) : otherJson(json);
        }
        GraphException graph = switch (status) {
            case 400 -> GraphException.badRequest("The request is not valid.");
            case 401 -> GraphException.unauthorized("Access token is empty or invalid.");
            case 403 -> GraphException.forbidden("Insufficient privileges to complete the operation.");
            case 404 -> GraphException.notFound("No such resource: " + rc.normalizedPath());
            case 405 -> new GraphException(405, "MethodNotAllowed", "The method " + rc.request().method() + " is not allowed here.");
            case 406 -> new GraphException(406, "NotAcceptable", "This resource answers only application/json.");
            case 413 -> GraphException.tooLarge("The request body exceeds 64 KiB (" + RequestGate.MAX_BODY_BYTES + " bytes).");
            case 415 -> GraphException.unsupportedMediaType("The request body must be application/json.");
            default -> status >= 500 ? null : new GraphException(status, "BadRequest", "The request is not valid.");
        };
        if (graph == null) {
            return internal(e);
        }
        return errors.response(graph, rc);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response internal(Throwable e) {
        LOG.errorf("Unhandled failure: %s", FailureLog.describe(e));
        Optional<PageErrors> page = pages();
        if (page.isPresent()) {
            return page.get().internalError(rc);
        }
        return errors.response(new GraphException(500, "InternalServerError", "An internal error occurred; quote the request-id."), rc);
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
