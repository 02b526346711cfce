package io.guestpass.platform;

import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** An API Gateway HTTP API (payload 2.0) event exactly as AWS sends it, posted to the Lambda event path. */
@QuarkusTest
@QuarkusTestResource(GuestpassTestResources.class)
class RawGatewayEventTest {

    @BeforeEach
    void emptyDirectory() {
        Directory.reset();
    }

    static Map<String, Object> event(String method, String path, Map<String, String> headers, String body) {
        Map<String, Object> event = new java.util.HashMap<>(Map.of(
                "version", "2.0",
                "routeKey", "$default",
                "rawPath", path,
                "rawQueryString", "",
                "headers", headers,
                "requestContext", Map.of(
                        "accountId", "123456789012",
                        "apiId", "a1b2c3d4e5",
                        "domainName", "id.contoso.test",
                        "domainPrefix", "id",
                        "http", Map.of("method", method, "path", path, "protocol", "HTTP/1.1", "sourceIp", "203.0.113.9",
                                "userAgent", "graph-sdk"),
                        "requestId", "Jv3Xhg4LoAMEbFQ=",
                        "routeKey", "$default",
                        "stage", "$default",
                        "time", "24/Nov/2026:00:00:00 +0000",
                        "timeEpoch", 1795392000000L),
                "isBase64Encoded", false));
        if (body != null) {
            event.put("body", body);
        }
        return event;
    }

    @Test
    void anInvitationFromARawGatewayEvent() {
        String body = "{\"invitedUserEmailAddress\":\"raw@example.com\",\"inviteRedirectUrl\":\"https://app.contoso.test/\"}";
        given().contentType(ContentType.JSON)
                .body(event("POST", "/v1.0/invitations", Map.of("authorization", "Bearer " + Tokens.admin(),
                        "content-type", "application/json", "host", "id.contoso.test", "x-forwarded-proto", "https",
                        "x-forwarded-for", "198.51.100.7"), body))
                .post("/_lambda_")
                .then().log().ifValidationFails().statusCode(200)
                .body("statusCode", equalTo(201))
                .body("headers.Location", startsWith("/v1.0/invitations/"))
                .body("headers.request-id", equalTo("Jv3Xhg4LoAMEbFQ="))
                .body("body", containsString("\"status\":\"PendingAcceptance\""));
    }

    @Test
    void theGatewaysRequestIdIsTheGraphErrorsRequestId() {
        given().contentType(ContentType.JSON)
                .body(event("GET", "/v1.0/users", Map.of("host", "id.contoso.test"), null))
                .post("/_lambda_")
                .then().statusCode(200)
                .body("statusCode", equalTo(401))
                .body("headers.request-id", equalTo("Jv3Xhg4LoAMEbFQ="))
                .body("body", containsString("\"request-id\":\"Jv3Xhg4LoAMEbFQ=\""))
                .body("body", containsString("\"code\":\"Unauthorized\""));
    }

    private static String oversizedInvitation() {
        return "{\"invitedUserEmailAddress\":\"big@example.com\",\"inviteRedirectUrl\":\"https://app.contoso.test/\","
                + "\"invitedUserDisplayName\":\"" + "x".repeat((int) RequestGate.MAX_BODY_BYTES) + "\"}";
    }

    /** API Gateway may deliver a body without Content-Length (a chunked upload): the limit holds all the same. */
    @Test
    void aBodyOverTheLimitIsRefusedWithoutContentLengthToo() {
        for (Map<String, String> framing : List.of(Map.<String, String>of(), Map.of("transfer-encoding", "chunked"))) {
            Map<String, String> headers = new java.util.HashMap<>(Map.of("authorization", "Bearer " + Tokens.admin(),
                    "content-type", "application/json", "host", "id.contoso.test"));
            headers.putAll(framing);
            given().contentType(ContentType.JSON)
                    .body(event("POST", "/v1.0/invitations", headers, oversizedInvitation()))
                    .post("/_lambda_")
                    .then().log().ifValidationFails().statusCode(200)
                    .body("statusCode", equalTo(413))
                    .body("body", containsString("\"code\":\"RequestEntityTooLarge\""))
                    .body("headers.Content-Type", startsWith("application/json"));
        }
        org.junit.jupiter.api.Assertions.assertEquals(0, Directory.count("select count(*) from invitation"));
    }

    /** HSTS on every answer of the API: successes, errors of every kind, and another function's paths. */
    @Test
    void everyApiResponseCarriesHsts() {
        String hsts = "max-age=31536000; includeSubDomains";
        String body = "{\"invitedUserEmailAddress\":\"hsts@example.com\",\"inviteRedirectUrl\":\"https://app.contoso.test/\"}";
        Map<String, String> admin = Map.of("authorization", "Bearer " + Tokens.admin(), "content-type", "application/json",
                "host", "id.contoso.test");
        for (Map<String, Object> event : List.of(
                event("POST", "/v1.0/invitations", admin, body),
                event("GET", "/v1.0/users", Map.of("host", "id.contoso.test"), null),
                event("GET", "/v1.0/nowhere", admin, null),
                event("GET", "/redeem", Map.of("host", "id.contoso.test"), null),
                event("POST", "/v1.0/invitations", admin, "{not json"),
                event("POST", "/v1.0/invitations", Map.of("content-length", "999999", "host", "id.contoso.test"), null))) {
            given().contentType(ContentType.JSON).body(event).post("/_lambda_")
                    .then().log().ifValidationFails().statusCode(200)
                    .body("headers.Strict-Transport-Security", equalTo(hsts));
        }
    }
}
