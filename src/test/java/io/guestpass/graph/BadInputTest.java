package io.guestpass.graph;

import io.guestpass.graph.odata.FilterClauses;
import io.guestpass.fixtures.ApiGatewayEvents;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every refusal answers in Graph's error shape, names the field, and leaves the directory as it was. */
@QuarkusTest
@QuarkusTestResource(GuestpassTestResources.class)
class BadInputTest {

    static final String REDIRECT = "https://app.contoso.test/welcome";

    @BeforeEach
    void emptyDirectory() {
        Directory.reset();
    }

    private static void refused(String body, int status, String code, String messagePart) {
        String before = Directory.fingerprint();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("client-request-id", "abc-123").body(body)
                .post("/v1.0/invitations")
                .then().statusCode(status)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo(code))
                .body("error.message", containsString(messagePart))
                .body("error.innerError.date", notNullValue())
                .body("error.innerError.request-id", notNullValue())
                .body("error.innerError.client-request-id", equalTo("abc-123"));
        assertEquals(before, Directory.fingerprint(), "a refused request changes nothing");
    }

    private static String invitation(String address) {
        return "{\"invitedUserEmailAddress\":" + address + ",\"inviteRedirectUrl\":\"" + REDIRECT + "\"}";
    }

    @Test
    void malformedJsonWrongTypesAndUnknownFieldsAreBadRequests() {
        refused("{\"invitedUserEmailAddress\":", 400, "BadRequest", "JSON");
        refused("[]", 400, "BadRequest", "");
        refused("{\"invitedUserEmailAddress\":42,\"inviteRedirectUrl\":\"" + REDIRECT + "\"}", 400, "BadRequest", "invitedUserEmailAddress");
        refused("{\"invitedUserEmailAddress\":\"a@example.com\",\"inviteRedirectUrl\":\"" + REDIRECT + "\",\"sendInvitationMessage\":\"yes\"}",
                400, "BadRequest", "sendInvitationMessage");
        refused("{\"invitedUserEmailAddress\":\"a@example.com\",\"inviteRedirectUrl\":\"" + REDIRECT + "\",\"sendInvitationMessage\":\"true\"}",
                400, "BadRequest", "sendInvitationMessage");
        refused("{\"invitedUserEmailAddress\":\"a@example.com\",\"inviteRedirectUrl\":\"" + REDIRECT + "\",\"isAdmin\":true}",
                400, "BadRequest", "isAdmin");
        refused("{\"invitedUserEmailAddress\":\"a@example.com\",\"inviteRedirectUrl\":\"" + REDIRECT
                + "\",\"invitedUserMessageInfo\":{\"ccRecipients\":\"x@example.com\"}}", 400, "BadRequest", "ccRecipients");
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        refused("{\"inviteRedirectUrl\":\"" + REDIRECT + "\"}", 400, "BadRequest", "invitedUserEmailAddress");
        refused("{\"invitedUserEmailAddress\":\"a@example.com\"}", 400, "BadRequest", "inviteRedirectUrl");
        refused("{}", 400, "BadRequest", "invitedUserEmailAddress");
        refused("{\"invitedUserEmailAddress\":\"a@example.com\",\"inviteRedirectUrl\":\"" + REDIRECT + "\",\"resetRedemption\":true}",
                400, "BadRequest", "invitedUser.id");
    }

    @ParameterizedTest
    @ValueSource(strings = { "~", "!", "#", "$", "%", "^", "&", "*", "(", ")", "+", "=", "[", "]", "{", "}", "\\\\", "/", "|", ";",
            ":", "\\\"", "<", ">", "?", ",", " " })
    void everyForbiddenCharacterInAnAddressIsRefused(String character) {
        refused(invitation("\"a" + character + "b@example.com\""), 400, "BadRequest", "invitedUserEmailAddress");
    }

    @ParameterizedTest
    @ValueSource(strings = { "plainaddress", "@example.com", "a@", ".a@example.com", "a.@example.com", "-a@example.com",
            "a..b@example.com", "a@b@example.com", "a@localhost", "a@exa mple.com", "a@-example.com", "a\\r\\nBcc: x@evil.com@example.com" })
    void malformedAddressesAreRefused(String address) {
        refused(invitation("\"" + address + "\""), 400, "BadRequest", "invitedUserEmailAddress");
    }

    @Test
    void overLongFieldsAreRefused() {
        refused(invitation("\"" + "a".repeat(65) + "@example.com\""), 400, "BadRequest", "invitedUserEmailAddress");
        refused(invitation("\"a@" + "b".repeat(64) + ".com\""), 400, "BadRequest", "invitedUserEmailAddress");
        refused(invitation("\"a@" + "b".repeat(62) + "." + "c".repeat(62) + "." + "d".repeat(62) + "." + "e".repeat(62) + ".com\""),
                400, "BadRequest", "invitedUserEmailAddress");
        refused("{\"invitedUserEmailAddress\":\"a@example.com\",\"inviteRedirectUrl\":\"" + REDIRECT + "\",\"invitedUserDisplayName\":\""
                + "n".repeat(257) + "\"}", 400, "BadRequest", "invitedUserDisplayName");
        refused("{\"invitedUserEmailAddress\":\"a@example.com\",\"inviteRedirectUrl\":\"" + REDIRECT
                + "\",\"invitedUserMessageInfo\":{\"customizedMessageBody\":\"" + "m".repeat(10_001) + "\"}}", 400, "BadRequest",
                "customizedMessageBody");
        refused("{\"invitedUserEmailAddress\":\"a@example.com\",\"inviteRedirectUrl\":\"" + REDIRECT
                + "\",\"invitedUserMessageInfo\":{\"ccRecipients\":[{\"emailAddress\":{\"address\":\"b@example.com\"}},"
                + "{\"emailAddress\":{\"address\":\"c@example.com\"}}]}}", 400, "BadRequest", "ccRecipients");
    }

    @Test
    void headerInjectionThroughNamesIsRefused() {
        refused("{\"invitedUserEmailAddress\":\"a@example.com\",\"inviteRedirectUrl\":\"" + REDIRECT
                + "\",\"invitedUserDisplayName\":\"Eve\\r\\nBcc: all@contoso.test\"}", 400, "BadRequest", "invitedUserDisplayName");
        refused("{\"invitedUserEmailAddress\":\"a@example.com\",\"inviteRedirectUrl\":\"" + REDIRECT
                + "\",\"invitedUserMessageInfo\":{\"ccRecipients\":[{\"emailAddress\":{\"address\":\"b@example.com\",\"name\":\"x\\nBcc: y@z.com\"}}]}}",
                400, "BadRequest", "name");
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://app.contoso.test/", "/relative/path", "javascript:alert(1)", "https://evil.example/",
            "https://app.contoso.test.evil.example/", "https://user:pw@app.contoso.test/", "data:text/html,hi",
            "https://app.contoso.test:8443/", "https://app.contoso.test/\\r\\nLocation: https://evil.example/", "" })
    void redirectsOutsideTheRegisteredOriginsAreRefused(String url) {
        refused("{\"invitedUserEmailAddress\":\"a@example.com\",\"inviteRedirectUrl\":\"" + url + "\"}", 400, "BadRequest",
                "inviteRedirectUrl");
    }

    @Test
    void noRegisteredOriginMeansNoInvitationAndSaysSo() {
        Directory.execute("update directory_policy set allowed_redirect_origins = '{}'");
        refused(invitation("\"a@example.com\""), 400, "BadRequest", "allowedRedirectOrigins");
    }

    @Test
    void hostileStringsAreStoredAsTextNeverInterpreted() {
        String sql = "Robert'); drop table guest_user;--";
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("invitedUserEmailAddress", "o'brien@example.com", "inviteRedirectUrl", REDIRECT,
                        "invitedUserDisplayName", "<script>alert(1)</script> " + sql))
                .post("/v1.0/invitations").then().statusCode(201)
                .body("invitedUserDisplayName", equalTo("<script>alert(1)</script> " + sql));
        assertEquals(1, Directory.count("select count(*) from guest_user where mail_key = 'o''brien@example.com'"));
    }

    @Test
    void bodiesOverSixtyFourKibAreRefusedWith413() {
        refused("{\"invitedUserEmailAddress\":\"a@example.com\",\"inviteRedirectUrl\":\"" + REDIRECT
                + "\",\"invitedUserDisplayName\":\"" + "x".repeat(70_000) + "\"}", 413, "RequestEntityTooLarge", "64");
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        String before = Directory.fingerprint();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.TEXT).body("invitedUserEmailAddress=a@example.com")
                .post("/v1.0/invitations").then().statusCode(415).body("error.code", equalTo("UnsupportedMediaType"));
        assertEquals(before, Directory.fingerprint());
    }

    @Test
    void anInvalidLanguageTagOrUserTypeIsRefused() {
        refused("{\"invitedUserEmailAddress\":\"a@example.com\",\"inviteRedirectUrl\":\"" + REDIRECT
                + "\",\"invitedUserMessageInfo\":{\"messageLanguage\":\"<script>\"}}", 400, "BadRequest", "messageLanguage");
        refused("{\"invitedUserEmailAddress\":\"a@example.com\",\"inviteRedirectUrl\":\"" + REDIRECT + "\",\"invitedUserType\":\"Admin\"}",
                400, "BadRequest", "invitedUserType");
    }

    @Test
    void domainPolicyIsEnforced() {
        Directory.execute("update directory_policy set blocked_domains = '{evil.example}'");
        refused(invitation("\"a@sub.EVIL.example\""), 400, "BadRequest", "evil.example");
        Directory.execute("update directory_policy set blocked_domains = '{}', allowed_domains = '{partner.example}'");
        refused(invitation("\"a@other.example\""), 400, "BadRequest", "other.example");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(invitation("\"a@team.partner.example\""))
                .post("/v1.0/invitations").then().statusCode(201);
    }

    @Test
    void internationalisedDomainsAreComparedInPunycode() {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(invitation("\"jan@bücher.example\""))
                .post("/v1.0/invitations").then().statusCode(201);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(invitation("\"JAN@xn--bcher-kva.example\""))
                .post("/v1.0/invitations").then().statusCode(201);
        assertEquals(1, Directory.count("select count(*) from guest_user where mail_key = 'jan@xn--bcher-kva.example'"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/v1.0/users|mail eq '%s'", "/v1.0/invitations|status eq '%s'" })
    void aLongFilterIsAClearBadRequestNeverAStackOverflow(String pathAndFilter) {
        String[] parts = pathAndFilter.split("\\|");
        // a 100 kB quoted value, in a gateway event as Lambda receives it (no HTTP request line to limit its length)
        String quoted = "a".repeat(100 * 1024);
        lambdaGet(parts[0], String.format(parts[1], quoted))
                .body("statusCode", equalTo(400))
                .body("body", containsString("\"code\":\"BadRequest\""))
                .body("body", containsString("$filter is too long"));
        // just under the cap, a long quoted value with escaped quotes is parsed without backtracking, never refused as too long
        String underCap = "ab''".repeat((FilterClauses.MAX_LENGTH - 40) / 4);
        lambdaGet(parts[0], String.format(parts[1], underCap))
                .body("statusCode", anyOf(equalTo(200), equalTo(400)))
                .body("body", not(containsString("too long")));
    }

    private static io.restassured.response.ValidatableResponse lambdaGet(String path, String filter) {
        return given().contentType(ContentType.JSON)
                .body(ApiGatewayEvents.get(path).bearer(Tokens.admin())
                        .query("$filter=" + java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")).toJson())
                .post("/_lambda_")
                .then().statusCode(200);
    }
}
