package io.guestpass.signup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.guestpass.directory.ApiConnector;
import io.guestpass.directory.UserFlow.InputType;
import io.guestpass.directory.UserFlowAttribute;
import io.guestpass.fixtures.Browser;
import io.guestpass.fixtures.ConnectorServer;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.connectors.ConnectorCredentials;
import io.guestpass.oidc.AppSignIn;
import io.guestpass.oidc.Applications;
import io.guestpass.oidc.SignUpRole;
import io.guestpass.platform.DataCipher;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user flow's API connectors during a sign-up in the browser, against a real local HTTPS connector that checks Basic
 * credentials: what each step is sent, and what each answer does — prefill, block, a validation error that keeps the
 * person on the form, an overwrite, and answers that end the flow without creating anyone.
 */
@QuarkusTest
@TestProfile(SignUpRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class SignUpConnectorsTest {

    static final String PASSWORD = "connector-password";

    @Inject
    Applications applications;

    @Inject
    DataCipher cipher;

    @Inject
    ObjectMapper json;

    @Inject
    Vertx vertx;

    Applications.Registered app;
    String flowId;
    String favourite;
    ConnectorServer afterFederation;
    ConnectorServer afterAttributes;

    @BeforeEach
    void aFlowWithBothConnectors() throws Exception {
        Directory.reset();
        UserFlows.signUpEnabled(true);
        app = applications.web("Contoso Portal", AppSignIn.CALLBACK);
        favourite = UserFlows.custom("FavouriteNumber", UserFlowAttribute.DataType.int64);
        flowId = UserFlows.flow("Partners", app.objectId(),
                UserFlows.required("city", "City", InputType.textBox),
                UserFlows.optional(favourite, "Favourite number", InputType.textBox));
        afterFederation = basicServer();
        afterAttributes = basicServer();
        UserFlows.connectors(flowId, connector(afterFederation), connector(afterAttributes));
    }

    @AfterEach
    void stop() {
        afterFederation.close();
        afterAttributes.close();
    }

    @Test
    void theFirstConnectorPrefillsTheFormAndTheSecondOverwritesBeforeTheGuestIsCreated() throws Exception {
        answer(afterFederation, 200, "{\"version\":\"1.0.0\",\"action\":\"Continue\",\"city\":\"Amersfoort\",\"" + favourite + "\":7}");
        answer(afterAttributes, 200, "{\"version\":\"1.0.0\",\"action\":\"Continue\",\"city\":\"Amersfoort-Centrum\"}");
        String email = "prefill-" + UUID.randomUUID() + "@outlook.com";
        try (Browser browser = new Browser("nl")) {
            AppSignIn flow = AppSignIn.start();
            HtmlPage form = SignUpBrowser.signUp(browser, SignUpBrowser.create(app, flow), email);
            assertEquals("Amersfoort", ((HtmlInput) form.getHtmlElementById("field-city")).getValue());
            assertEquals("7", ((HtmlInput) form.getHtmlElementById("field-" + favourite)).getValue());
            Page atApp = AppSignIn.press(form, "Registreren");
            assertTrue(AppSignIn.received(atApp).containsKey("code"), () -> atApp.getWebResponse().getContentAsString());
        }
        assertEquals("Amersfoort-Centrum", Directory.text("select attributes->>'city' from guest_user where mail = ?", email));

        JsonNode first = json.readTree(afterFederation.received().get(0).body());
        assertEquals("PostFederationSignup", first.path("step").asText());
        assertEquals(email, first.path("email").asText());
        assertEquals("MicrosoftAccount", first.path("identities").path(0).path("issuer").asText());
        assertEquals("federated", first.path("identities").path(0).path("signInType").asText());
        assertEquals(app.clientId(), first.path("client_id").asText());
        assertEquals("nl", first.path("ui_locales").asText());
        assertFalse(first.has("city"), "nothing collected yet: " + first);
        JsonNode second = json.readTree(afterAttributes.received().get(0).body());
        assertEquals("PostAttributeCollection", second.path("step").asText());
        assertEquals("Amersfoort", second.path("city").asText());
        assertEquals(7, second.path(favourite).asLong());
        assertEquals(1, afterAttributes.received().size());
    }

    @Test
    void aBlockPageEndsTheSignUpWithTheConnectorsMessageEscaped() throws Exception {
        answer(afterFederation, 200, "{\"version\":\"1.0.0\",\"action\":\"ShowBlockPage\",\"userMessage\":\"<b>Partners only</b>, sorry.\"}");
        try (Browser browser = new Browser("en")) {
            browser.client().getOptions().setThrowExceptionOnFailingStatusCode(false);
            HtmlPage blocked = SignUpBrowser.signUp(browser, SignUpBrowser.create(app, AppSignIn.start()), "blocked-" + UUID.randomUUID() + "@outlook.com");
            assertEquals(403, blocked.getWebResponse().getStatusCode());
            assertTrue(blocked.asNormalizedText().contains("You can't sign up"));
            assertTrue(blocked.asNormalizedText().contains("<b>Partners only</b>, sorry."), blocked.asNormalizedText());
            assertFalse(blocked.getWebResponse().getContentAsString().contains("<b>Partners"), "escaped");
        }
        assertEquals(0, afterAttributes.received().size());
        assertEquals(0, Directory.count("select count(*) from guest_user"));
    }

    @Test
    void aValidationErrorKeepsThePersonOnTheFormWithTheMessage() throws Exception {
        answer(afterAttributes, 400, "{\"version\":\"1.0.0\",\"status\":400,\"action\":\"ValidationError\",\"userMessage\":\"We don't deliver to that city.\"}");
        try (Browser browser = new Browser("en")) {
            browser.client().getOptions().setThrowExceptionOnFailingStatusCode(false);
            AppSignIn flow = AppSignIn.start();
            HtmlPage form = SignUpBrowser.signUp(browser, SignUpBrowser.create(app, flow), "validation-" + UUID.randomUUID() + "@outlook.com");
            ((HtmlInput) form.getHtmlElementById("field-city")).setValue("Atlantis");
            HtmlPage again = (HtmlPage) AppSignIn.press(form, "Sign up");
            assertEquals(400, again.getWebResponse().getStatusCode());
            assertTrue(again.asNormalizedText().contains("We don't deliver to that city."), again.asNormalizedText());
            assertEquals("Atlantis", ((HtmlInput) again.getHtmlElementById("field-city")).getValue());
            assertEquals(0, Directory.count("select count(*) from guest_user"));

            answer(afterAttributes, 200, "{\"version\":\"1.0.0\",\"action\":\"Continue\"}");
            ((HtmlInput) again.getHtmlElementById("field-city")).setValue("Zwolle");
            Page atApp = AppSignIn.press(again, "Sign up");
            SignUpBrowser.exchanged(app, flow, AppSignIn.received(atApp).get("code"));
        }
        assertEquals(1, Directory.count("select count(*) from guest_user where attributes->>'city' = 'Zwolle'"));
    }

    @Test
    void brokenAnswersEndTheFlowOnAnErrorPageAndCreateNothing() throws Exception {
        List<String[]> broken = List.of(
                new String[] {"500", "{\"version\":\"1.0.0\",\"action\":\"Continue\"}"},
                new String[] {"200", "not json"},
                new String[] {"200", "{\"version\":\"1.0.0\",\"action\":\"Dance\"}"},
                // an overwrite is checked like typed input: a number attribute that is not a number
                new String[] {"200", "{\"version\":\"1.0.0\",\"action\":\"Continue\",\"" + favourite + "\":\"lots\"}"},
                new String[] {"200", "{\"version\":\"1.0.0\",\"action\":\"Continue\",\"city\":{\"nested\":1}}"});
        for (String[] answer : broken) {
            answer(afterAttributes, Integer.parseInt(answer[0]), answer[1]);
            try (Browser browser = new Browser("en")) {
                browser.client().getOptions().setThrowExceptionOnFailingStatusCode(false);
                HtmlPage form = SignUpBrowser.signUp(browser, SignUpBrowser.create(app, AppSignIn.start()), "broken-" + UUID.randomUUID() + "@outlook.com");
                ((HtmlInput) form.getHtmlElementById("field-city")).setValue("Delft");
                HtmlPage failed = (HtmlPage) AppSignIn.press(form, "Sign up");
                assertEquals(502, failed.getWebResponse().getStatusCode(), answer[1]);
                assertTrue(failed.asNormalizedText().contains("nothing was saved"), failed.asNormalizedText());
            }
        }
        assertEquals(0, Directory.count("select count(*) from guest_user"));
    }

    @Test
    void aConnectorThatRefusesTheCredentialsEndsTheFlow() throws Exception {
        sealBasic(UUID.fromString(Directory.text("select post_federation_signup_connector::text from user_flow where id = ?", flowId)), "wrong");
        try (Browser browser = new Browser("en")) {
            browser.client().getOptions().setThrowExceptionOnFailingStatusCode(false);
            HtmlPage failed = SignUpBrowser.signUp(browser, SignUpBrowser.create(app, AppSignIn.start()), "creds-" + UUID.randomUUID() + "@outlook.com");
            assertEquals(502, failed.getWebResponse().getStatusCode());
        }
        assertEquals(1, afterFederation.received().size(), "one call: a 401 is an answer, not a reason to retry");
    }

    private void answer(ConnectorServer server, int status, String body) {
        server.answer(checkingCredentials(ConnectorServer.json(status, body)));
    }

    private ConnectorServer basicServer() {
        return ConnectorServer.start(vertx, GuestpassTestResources.databaseCertificates())
                .answer(checkingCredentials(ConnectorServer.json(200, "{\"version\":\"1.0.0\",\"action\":\"Continue\"}")));
    }

    private static ConnectorServer.Answer checkingCredentials(ConnectorServer.Answer answer) {
        String expected = "Basic " + Base64.getEncoder().encodeToString(("guestpass:" + PASSWORD).getBytes());
        return (call, request) -> {
            if (expected.equals(request.getHeader("Authorization"))) {
                answer.answer(call, request);
            } else {
                request.response().setStatusCode(401).end();
            }
        };
    }

    /** A connector with Basic credentials, as the admin API stores it (the password sealed with the data key). */
    private UUID connector(ConnectorServer server) throws Exception {
        ApiConnector connector = ApiConnector.create("Partner check", server.url("/check"), Instant.now());
        connector.authenticationType = ApiConnector.AuthenticationType.basic;
        connector.username = "guestpass";
        connector.sealedCredentials = cipher.seal(connector.sealPurpose(),
                json.writeValueAsString(new ConnectorCredentials.Sealed(PASSWORD, List.of())));
        UserFlows.await(() -> Panache.withTransaction(connector::persist).replaceWithVoid());
        return connector.id;
    }

    /** The seal purpose of a stored connector, as the entity names it. */
    private static String purposeOf(UUID id) {
        ApiConnector connector = new ApiConnector();
        connector.id = id;
        return connector.sealPurpose();
    }

    private void sealBasic(UUID id, String password) throws Exception {
        String sealed = cipher.seal(purposeOf(id), json.writeValueAsString(new ConnectorCredentials.Sealed(password, List.of())));
        Directory.execute("update api_connector set sealed_credentials = ?, version = version + 1 where id = ?", sealed, id);
    }
}
