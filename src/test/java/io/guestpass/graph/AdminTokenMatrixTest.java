package io.guestpass.graph;

import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every administration operation against tokens shaped exactly as Entra (v1, v2), Keycloak, Okta, Auth0 and Amazon
 * Cognito issue them, each with its verdict. A refusal (403, or 404 for what the caller may not see) leaves exactly one
 * {@code authorization.refused} event and nothing else changed; a token that is not an acceptable access token (401)
 * leaves nothing at all.
 */
@QuarkusTest
@QuarkusTestResource(GuestpassTestResources.class)
class AdminTokenMatrixTest {

    static final String ALL = "User.Invite.All User.ReadWrite.All User.Read.All Policy.Read.All Policy.ReadWrite.Authorization";
    static final String REDIRECT = "https://app.contoso.test/";

    /** The operations, in the order of the verdict strings below. */
    enum Operation {
        INVITE, LIST, READ, RESEND, REVOKE, RESET, USER_READ, USER_PATCH, USER_DELETE, POLICY_READ, POLICY_PATCH;

        Response call(String token, Target target) {
            RequestSpecification request = given().auth().oauth2(token).contentType(ContentType.JSON);
            return switch (this) {
                case INVITE -> request.body(invitation("new@example.com", "")).post("/v1.0/invitations");
                case LIST -> request.get("/v1.0/invitations");
                case READ -> request.get("/v1.0/invitations/" + target.invitationId());
                case RESEND -> request.post("/v1.0/invitations/" + target.invitationId() + "/resend");
                case REVOKE -> request.delete("/v1.0/invitations/" + target.invitationId());
                case RESET -> request.body(invitation("attacker@example.com",
                        ",\"resetRedemption\":true,\"invitedUser\":{\"id\":\"" + target.userId() + "\"}")).post("/v1.0/invitations");
                case USER_READ -> request.get("/v1.0/users/" + target.userId());
                case USER_PATCH -> request.body("{\"displayName\":\"Renamed\"}").patch("/v1.0/users/" + target.userId());
                case USER_DELETE -> request.delete("/v1.0/users/" + target.userId());
                case POLICY_READ -> request.get("/v1.0/policies/invitationPolicy");
                case POLICY_PATCH -> request.body("{\"requireMatchingAddress\":false}").patch("/v1.0/policies/invitationPolicy");
            };
        }
    }

    record Target(String invitationId, String userId) {
    }

    /** A kind of token and what it may do: one status per {@link Operation}; whether it lists others' invitations. */
    record Shape(String name, Supplier<String> token, String verdicts, boolean seesEveryInvitation) {
        int expected(Operation operation) {
            return Integer.parseInt(verdicts.split(" ")[operation.ordinal()]);
        }
    }

    static final String EVERYTHING = "201 200 200 200 204 201 200 204 204 200 204";
    static final String USER_ADMINISTRATOR = "201 200 200 200 204 201 200 204 204 200 403";
    static final String MEMBER_WITH_ALL_SCOPES = "403 200 404 404 404 403 200 403 403 200 403";
    static final String GUEST_INVITER = "201 200 404 404 404 403 403 403 403 403 403";
    static final String NOTHING = "403 403 403 403 403 403 403 403 403 403 403";
    static final String NOT_AN_ACCESS_TOKEN = "401 401 401 401 401 401 401 401 401 401 401";

    static List<Shape> shapes() {
        String[] all = ALL.split(" ");
        return List.of(
                new Shape("Entra v1 application", () -> Tokens.entraV1App("3f1e9a52-app", all), EVERYTHING, true),
                new Shape("Entra v2 application, idtyp=app", () -> Tokens.entraV2App("7b2c-app", true, all), EVERYTHING, true),
                new Shape("Entra v2 application granted only User.Invite.All",
                        () -> Tokens.entraV2App("7b2d-app", false, "User.Invite.All"), "201 200 200 200 204 403 403 403 403 403 403", true),
                new Shape("Entra v1 person, Global Administrator (wids)",
                        () -> Tokens.entraV1Person("ada@contoso.test", ALL, Tokens.GLOBAL_ADMINISTRATOR_ID), EVERYTHING, true),
                new Shape("Entra v2 person, User Administrator (wids)",
                        () -> Tokens.entraV2Person("uma@contoso.test", ALL, List.of(), Tokens.USER_ADMINISTRATOR_ID), USER_ADMINISTRATOR, true),
                new Shape("Entra v2 person without a role, every scope and app roles",
                        () -> Tokens.entraV2Person("mallory@contoso.test", ALL, List.of(all)), MEMBER_WITH_ALL_SCOPES, false),
                new Shape("Entra v2 Global Administrator in an app granted only User.Read, app roles for everything",
                        () -> Tokens.entraV2Person("ga@contoso.test", "User.Read", List.of(all), Tokens.GLOBAL_ADMINISTRATOR_ID), NOTHING, false),
                new Shape("Entra v2 person, Guest Inviter (wids)",
                        () -> Tokens.entraV2Person("gil@contoso.test", "User.Invite.All", List.of(), Tokens.GUEST_INVITER_ID), GUEST_INVITER, false),
                new Shape("Keycloak service account listed in application-client-ids",
                        () -> Tokens.keycloakServiceAccount("keycloak-automation", "profile email User.Invite.All User.Read.All"),
                        "201 200 200 200 204 403 200 403 403 403 403", true),
                new Shape("Keycloak service account not listed (a person without a role)",
                        () -> Tokens.keycloakServiceAccount("keycloak-reporting", "profile email " + ALL), MEMBER_WITH_ALL_SCOPES, false),
                new Shape("Keycloak person, User Administrator",
                        () -> Tokens.keycloakPerson("uma@contoso.test", "openid profile email " + ALL, "User Administrator"), USER_ADMINISTRATOR, true),
                new Shape("Okta application (scp array)", () -> Tokens.oktaApp("0oa9automation", all), EVERYTHING, true),
                new Shape("Okta person, Guest Inviter (scp array)",
                        () -> Tokens.oktaPerson("gil@contoso.test", List.of("openid", "User.Invite.All"), "Guest Inviter"), GUEST_INVITER, false),
                new Shape("Auth0 application", () -> Tokens.auth0App("Zk3automation", ALL), EVERYTHING, true),
                new Shape("Auth0 person without a role, permissions claim for everything",
                        () -> Tokens.auth0Person("openid profile User.Invite.All User.Read.All", List.of(all)),
                        "403 200 404 404 404 403 200 403 403 403 403", false),
                new Shape("Cognito application (no aud)", () -> Tokens.cognitoApp("4f0automation", "guestpass/User.Invite.All"),
                        NOT_AN_ACCESS_TOKEN, false),
                new Shape("Cognito person (no aud)", () -> Tokens.cognitoPerson("openid " + ALL, "admins"), NOT_AN_ACCESS_TOKEN, false),
                new Shape("Cognito ID token", () -> Tokens.cognitoIdToken("ada@contoso.test"), NOT_AN_ACCESS_TOKEN, false),
                new Shape("Keycloak ID token", () -> Tokens.keycloakIdToken("ada@contoso.test"), NOT_AN_ACCESS_TOKEN, false),
                new Shape("Entra ID token", () -> Tokens.entraIdToken("ada@contoso.test"), NOT_AN_ACCESS_TOKEN, false),
                new Shape("application token without sub",
                        () -> Tokens.withClaims(Map.of("azp", "nosub", "idtyp", "app", "roles", List.of(all))), NOT_AN_ACCESS_TOKEN, false));
    }

    static Stream<Arguments> matrix() {
        return shapes().stream().flatMap(shape -> Arrays.stream(Operation.values()).map(op -> Arguments.of(shape.name(), op, shape)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("matrix")
    void verdict(String name, Operation operation, Shape shape) {
        Directory.reset();
        Target target = invitedByAnAdministrator();
        String before = state();

        Response response = operation.call(shape.token().get(), target);

        int expected = shape.expected(operation);
        assertEquals(expected, response.statusCode(), name + " " + operation + ": " + response.asString());
        boolean refused = expected == 403 || expected == 404;
        assertEquals(refused ? 1 : 0, Directory.count("select count(*) from audit_event where action = 'authorization.refused'"),
                "one audit event per refusal");
        if (expected >= 400) {
            assertEquals(before, state(), "a refused request changes nothing");
        }
        if (operation == Operation.LIST && expected == 200) {
            assertEquals(shape.seesEveryInvitation() ? 1 : 0, response.jsonPath().getList("value").size(),
                    "people without an administrator role list only the invitations they sent");
        }
    }

    static Target invitedByAnAdministrator() {
        Response created = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(invitation("target@example.com", "")).post("/v1.0/invitations");
        assertEquals(201, created.statusCode(), created.asString());
        return new Target(created.path("id"), created.path("invitedUser.id"));
    }

    static String invitation(String address, String more) {
        return "{\"invitedUserEmailAddress\":\"" + address + "\",\"inviteRedirectUrl\":\"" + REDIRECT + "\"" + more + "}";
    }

    /** Every row a request could change, refusal events aside. */
    static String state() {
        return Directory.text("select concat_ws(' / ', "
                + "(select string_agg(t::text, ';' order by t::text) from guest_user t), "
                + "(select string_agg(t::text, ';' order by t::text) from invitation t), "
                + "(select string_agg(t::text, ';' order by t::text) from redeem_ticket t), "
                + "(select string_agg(t::text, ';' order by t::text) from sign_in_identity t), "
                + "(select string_agg(t::text, ';' order by t::text) from mail_message t), "
                + "(select string_agg(t::text, ';' order by t::text) from idempotency_record t), "
                + "(select row(d.*)::text from directory_policy d), "
                + "(select string_agg(t::text, ';' order by t::text) from audit_event t where action <> 'authorization.refused'))");
    }
}
