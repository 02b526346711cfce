package io.guestpass.devmode;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.quarkus.amazon.lambda.http.LambdaHttpHandler;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * DEVELOPMENT ONLY — never packaged. The sample application's HTTP client for Guestpass's own endpoints (discovery, key
 * set, token): each request becomes an API Gateway event handled by this same function, in-process, exactly as the
 * gateway would deliver it (RequestGate, the REST layer, the database). Not a socket back to the mock event server:
 * its one poll loop is busy with the sample's own request, so the call would wait behind itself.
 */
final class LoopbackGateway {

    record Answer(int status, String body) {
    }

    private final LambdaHttpHandler handler = new LambdaHttpHandler();

    Answer get(String path) {
        return send("GET", path, Map.of("accept", "application/json"), null);
    }

    Answer postForm(String path, String form) {
        return send("POST", path, Map.of("accept", "application/json", "content-type", "application/x-www-form-urlencoded"), form);
    }

    private Answer send(String method, String path, Map<String, String> headers, String body) {
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(path);
        http.setSourceIp("127.0.0.1");
        http.setProtocol("HTTP/1.1");
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setRequestId("sample-" + UUID.randomUUID());
        context.setHttp(http);
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRawPath(path);
        event.setRawQueryString("");
        event.setHeaders(headers);
        event.setBody(body);
        event.setIsBase64Encoded(false);
        event.setRequestContext(context);
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        String text = response.getBody() == null ? "" : response.getIsBase64Encoded()
                ? new String(Base64.getDecoder().decode(response.getBody()), StandardCharsets.UTF_8) : response.getBody();
        return new Answer(response.getStatusCode(), text);
    }
}
