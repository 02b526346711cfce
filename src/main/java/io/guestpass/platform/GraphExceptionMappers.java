package io.guestpass.platform;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.stream.Collectors;

/** The one error path: every failure leaves as Graph's error shape; bad input is never a 500. */
public class GraphExceptionMappers {

    private static final Logger LOG = Logger.getLogger(GraphExceptionMappers.class);

    @Inject
    GraphErrors errors;

    @Inject
    RoutingContext rc;

    @ServerExceptionMapper
    public Response graph(GraphException e) {
        return errors.response(e, rc);
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
    public Response unauthenticated(UnauthorizedException e) {
        return errors.response(GraphException.unauthorized("Access token is empty or invalid."), rc);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return errors.response(GraphException.unauthorized("Access token validation failure."), rc);
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
        LOG.error("Unhandled failure", e);
        return errors.response(new GraphException(500, "InternalServerError", "An internal error occurred; quote the request-id."), rc);
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
