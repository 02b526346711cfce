package io.guestpass.connectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.guestpass.directory.ApiConnector;
import io.guestpass.fixtures.ConnectorServer;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.TestCertificates;
import io.guestpass.fixtures.Tokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.guestpass.connectors.ConnectorAnswer.Action.*;
import static io.guestpass.connectors.ConnectorStep.PostAttributeCollection;
import static io.guestpass.connectors.ConnectorStep.PostFederationSignup;
import static io.guestpass.fixtures.ConnectorServer.json;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

/** The connector client against real local HTTPS connectors: each answer, slow and broken ones, both kinds of credentials. */
@QuarkusTest
@QuarkusTestResource(GuestpassTestResources.class)
class ConnectorClientTest {

    static final String CONNECTORS = "/v1.0/identity/apiConnectors";
    static final String PASSWORD = "correct horse battery staple";

    @Inject
    ConnectorClient client;

    @Inject
    ConnectorHttpClients clients;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    Vertx vertx;

    private final List<ConnectorServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(ConnectorServer::close);
    }

    private ConnectorServer server() {
        ConnectorServer server = ConnectorServer.start(vertx, GuestpassTestResources.databaseCertificates());
        servers.add(server);
        return server;
    }

    /** A server that answers only calls with the right Basic credentials, 401 otherwise. */
    private ConnectorServer basicServer(ConnectorServer.Answer answer) {
        String expected = "Basic " + Base64.getEncoder().encodeToString(("guestpass:" + PASSWORD).getBytes());
        return server().answer((call, request) -> {
            if (expected.equals(request.getHeader("Authorization"))) {
                answer.answer(call, request);
            } else {
                request.response().setStatusCode(401).end();
            }
        });
    }

    private static ApiConnector basicConnector(String url, String password) {
        String id = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"displayName\":\"Partner check\",\"targetUrl\":\"" + url + "\",\"authenticationConfiguration\":{\"@odata.type\":"
                        + "\"#microsoft.graph.basicAuthentication\",\"username\":\"guestpass\",\"password\":\"" + password + "\"}}")
                .post(CONNECTORS).then().statusCode(201).extract().path("id");
        return load(id);
    }

    private static ApiConnector load(String id) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> ApiConnector.<ApiConnector>findById(UUID.fromString(id))));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private ConnectorAnswer call(ApiConnector connector, ConnectorStep step) {
        return call(client, connector, step, clock.instant().plusSeconds(25));
    }

    private static ConnectorAnswer call(ConnectorClient client, ApiConnector connector, ConnectorStep step, Instant deadline) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("email", "ada@example.com");
        return client.call(connector, new ConnectorRequest(step, "app-1", "en", claims), deadline).await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void theRequestIsTheDocumentedJsonAndAContinueAnswerCarriesItsClaims() {
        ConnectorServer server = basicServer(json(200, "{\"version\":\"1.0.0\",\"action\":\"Continue\",\"postalCode\":\"1011 AB\","
                + "\"extension_0a1b_loyalty\":42,\"displayName\":\"Ada L.\"}"));
        ApiConnector connector = basicConnector(server.url("/signup?tenant=contoso"), PASSWORD);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("email", "ada@example.com");
        claims.put("identities", List.of(Map.of("signInType", "federated"), new LinkedHashMap<>(Map.of("issuer", "login.live.com"))));
        claims.put("displayName", "Ada");
        claims.put("givenName", null);
        claims.put("surname", "");
        claims.put("extension_0a1b_newsletter", true);
        claims.put("extension_0a1b_loyalty", 42L);
        claims.put("extension_0a1b_interests", List.of("a", "b"));
        claims.put("extension_0a1b_none", List.of());

        ConnectorAnswer answer = client.call(connector, new ConnectorRequest(PostAttributeCollection, "8d0c3c4e-app", "nl-NL", claims),
                clock.instant().plusSeconds(25)).await().atMost(Duration.ofSeconds(30));

        assertEquals(CONTINUE, answer.action(), answer.failure());
        assertEquals(List.of("postalCode", "extension_0a1b_loyalty", "displayName"), List.copyOf(answer.claims().keySet()));
        assertEquals("1011 AB", answer.claims().get("postalCode").textValue());
        assertEquals(42, answer.claims().get("extension_0a1b_loyalty").intValue());
        ConnectorServer.Received received = server.received().get(0);
        assertEquals("POST", received.method());
        assertEquals("/signup?tenant=contoso", received.uri());
        assertEquals("application/json", received.headers().get("Content-Type"));
        assertEquals("localhost:" + server.port(), received.headers().get("Host"));
        assertEquals("{\"email\":\"ada@example.com\",\"identities\":[{\"signInType\":\"federated\"},{\"issuer\":\"login.live.com\"}],"
                + "\"displayName\":\"Ada\",\"extension_0a1b_newsletter\":true,\"extension_0a1b_loyalty\":42,"
                + "\"extension_0a1b_interests\":[\"a\",\"b\"],\"ui_locales\":\"nl-NL\",\"step\":\"PostAttributeCollection\","
                + "\"client_id\":\"8d0c3c4e-app\"}", received.body());
    }

    @Test
    void aWrongBasicPasswordIsRefusedByTheConnectorAndTheCallFails() {
        ConnectorServer server = basicServer(json(200, "{\"version\":\"1.0.0\",\"action\":\"Continue\"}"));
        ConnectorAnswer answer = call(basicConnector(server.url("/signup"), "not the password"), PostFederationSignup);
        assertEquals(FAILED, answer.action());
        assertEquals("HTTP status 401", answer.failure());
        assertEquals(1, server.received().size(), "an HTTP answer is never retried");
    }

    @Test
    void blockPagesAndValidationErrorsAreTakenOnlyInTheirDocumentedShape() {
        ConnectorServer server = basicServer(json(200, "{}"));
        ApiConnector connector = basicConnector(server.url("/signup"), PASSWORD);

        server.answer(json(200, "{\"version\":\"1.0.0\",\"action\":\"ShowBlockPage\",\"userMessage\":\"<b>No</b> partners yet.\"}"));
        ConnectorAnswer blocked = call(connector, PostFederationSignup);
        assertEquals(SHOW_BLOCK_PAGE, blocked.action());
        assertEquals("<b>No</b> partners yet.", blocked.userMessage());
        assertEquals(Map.of(), blocked.claims());

        String validation = "{\"version\":\"1.0.0\",\"status\":400,\"action\":\"ValidationError\",\"userMessage\":\"Postal code unknown.\"}";
        server.answer(json(400, validation));
        ConnectorAnswer invalid = call(connector, PostAttributeCollection);
        assertEquals(VALIDATION_ERROR, invalid.action());
        assertEquals("Postal code unknown.", invalid.userMessage());
        assertEquals(FAILED, call(connector, PostFederationSignup).action(), "no form to stay on before attribute collection");
        server.answer(json(400, validation.replace("400,", "\"400\",")));
        assertEquals(VALIDATION_ERROR, call(connector, PostAttributeCollection).action(), "Entra documents status as 400 or \"400\"");

        for (String[] wrong : new String[][]{
                {"200", "{\"version\":\"1.0.0\",\"action\":\"ShowBlockPage\"}"},
                {"200", "{\"version\":\"1.0.0\",\"action\":\"ShowBlockPage\",\"userMessage\":\"  \"}"},
                {"200", "{\"version\":\"1.0.0\",\"action\":\"ShowBlockPage\",\"userMessage\":\"" + "x".repeat(1025) + "\"}"},
                {"200", validation},
                {"400", validation.replace("\"status\":400,", "")},
                {"400", validation.replace("\"status\":400,", "\"status\":409,")},
                {"400", validation.replace("Postal code unknown.", "")},
                {"400", "{\"version\":\"1.0.0\",\"action\":\"Continue\"}"}}) {
            server.answer(json(Integer.parseInt(wrong[0]), wrong[1]));
            ConnectorAnswer answer = call(connector, PostAttributeCollection);
            assertEquals(FAILED, answer.action(), wrong[1]);
            assertFalse(answer.failure().contains("Postal"), "a failure never quotes the body: " + answer.failure());
        }
    }

    @Test
    void anyOtherAnswerFails() {
        ConnectorServer server = basicServer(json(200, "{}"));
        ApiConnector connector = basicConnector(server.url("/signup"), PASSWORD);
        // one answer a line: the status, then the body (none on the last line)
        List<String> wrong = """
                500 {"version":"1.0.0","action":"Continue"}
                503 {"version":"1.0.0","action":"ShowBlockPage","userMessage":"Down for maintenance"}
                201 {"version":"1.0.0","action":"Continue"}
                200 <html>Service Unavailable</html>
                200 {"version":"1.0.0","action":"Continue"} trailing
                200 [{"version":"1.0.0","action":"Continue"}]
                200 {"version":"2.0.0","action":"Continue"}
                200 {"version":1.0,"action":"Continue"}
                200 {"action":"Continue"}
                200 {"version":"1.0.0","action":"continue"}
                200 {"version":"1.0.0","action":"Approve"}
                200 {"version":"1.0.0"}
                200 {"version":"1.0.0","action":"Continue","action":"ShowBlockPage"}
                200""".lines().toList();
        for (String line : wrong) {
            String body = line.length() > 4 ? line.substring(4) : "";
            server.answer(json(Integer.parseInt(line.substring(0, 3)), body));
            ConnectorAnswer answer = call(connector, PostFederationSignup);
            assertEquals(FAILED, answer.action(), line);
            assertNotNull(answer.failure());
        }
        assertEquals(wrong.size(), server.received().size(), "answers are never retried");
    }

    @Test
    void redirectsAreNeverFollowed() {
        ConnectorServer elsewhere = server();
        ConnectorServer server = server().answer((call, request) ->
                request.response().setStatusCode(302).putHeader("Location", elsewhere.url("/steal")).end());
        ConnectorAnswer answer = call(basicConnector(server.url("/signup"), PASSWORD), PostFederationSignup);
        assertEquals(FAILED, answer.action());
        assertEquals("HTTP status 302", answer.failure());
        assertEquals(List.of(), elsewhere.received());
    }

    @Test
    void answersOver64KiBAreCutOffWhetherAnnouncedOrStreamed() {
        ConnectorServer server = server();
        ApiConnector connector = basicConnector(server.url("/signup"), PASSWORD);
        server.answer((call, request) -> request.response().putHeader("Content-Type", "application/json").end(ConnectorServer.continueOf(64 * 1024)));
        assertEquals(CONTINUE, call(connector, PostFederationSignup).action(), "64 KiB exactly is allowed");

        server.answer((call, request) -> request.response().end(ConnectorServer.continueOf(64 * 1024 + 1)));
        ConnectorAnswer announced = call(connector, PostFederationSignup);
        assertEquals(FAILED, announced.action());
        assertEquals("an answer over 64 KiB", announced.failure());

        server.answer((call, request) -> {
            var response = request.response().setChunked(true);
            response.write("{\"version\":\"1.0.0\",\"action\":\"Continue\",\"filler\":\"");
            for (int i = 0; i < 64; i++) {
                response.write("y".repeat(16 * 1024));
            }
            response.end("\"}");
        });
        ConnectorAnswer streamed = call(connector, PostFederationSignup);
        assertEquals(FAILED, streamed.action());
        assertEquals("an answer over 64 KiB", streamed.failure());
    }

    @Test
    void aConnectorSlowOnceIsAskedAgainAndItsSecondAnswerCounts() {
        ConnectorServer server = server().answer((call, request) -> {
            if (call == 1) {
                vertx.setTimer(6_000, t -> json(200, "{\"version\":\"1.0.0\",\"action\":\"ShowBlockPage\",\"userMessage\":\"late\"}").answer(call, request));
            } else {
                json(200, "{\"version\":\"1.0.0\",\"action\":\"Continue\"}").answer(call, request);
            }
        });
        ApiConnector connector = basicConnector(server.url("/signup"), PASSWORD);
        long started = System.nanoTime();
        ConnectorAnswer answer = call(connector, PostFederationSignup);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertEquals(CONTINUE, answer.action(), answer.failure());
        assertEquals(2, server.received().size());
        assertTrue(millis >= 4_900 && millis < 8_000, "one 5 s attempt, then a fast one: " + millis + " ms");
    }

    @Test
    void aConnectorSlowTwiceFailsAndTheRetryEndsAtTheDeadline() {
        ConnectorServer server = server().answer((call, request) -> vertx.setTimer(20_000, t -> request.response().end()));
        ApiConnector connector = basicConnector(server.url("/signup"), PASSWORD);
        long started = System.nanoTime();
        ConnectorAnswer answer = call(client, connector, PostFederationSignup, clock.instant().plusSeconds(7));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertEquals(FAILED, answer.action());
        assertEquals("no complete answer within the time allowed", answer.failure());
        assertEquals(2, server.received().size(), "exactly one retry");
        assertTrue(millis >= 6_800 && millis < 9_000, "5 s, then the 2 s left of the budget: " + millis + " ms");

        ConnectorAnswer late = call(client, connector, PostFederationSignup, clock.instant().minusMillis(1));
        assertEquals(FAILED, late.action());
        assertEquals(2, server.received().size(), "nothing is sent once the budget is spent");
    }

    @Test
    void aConnectionDroppedBeforeTheRequestIsRetriedAndARefusedOneFails() {
        ConnectorServer server = server().answer(json(200, "{\"version\":\"1.0.0\",\"action\":\"Continue\"}"));
        int front = server.frontDroppingFirstConnection();
        ConnectorAnswer answer = call(basicConnector("https://localhost:" + front + "/signup", PASSWORD), PostFederationSignup);
        assertEquals(CONTINUE, answer.action(), answer.failure());
        assertEquals(1, server.received().size());

        int closed = server().port();
        servers.remove(servers.size() - 1).close();
        long started = System.nanoTime();
        ConnectorAnswer refused = call(basicConnector("https://localhost:" + closed + "/signup", PASSWORD), PostFederationSignup);
        assertEquals(FAILED, refused.action());
        assertTrue(refused.failure().startsWith("could not connect"), refused.failure());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 2_000, "a refusal does not wait for the timeout");
    }

    @Test
    void theNewestValidClientCertificateIsPresented(@TempDir Path dir) throws Exception {
        Path older = TestCertificates.selfSigned(dir, "older", "-2d");
        Path newer = TestCertificates.selfSigned(dir, "newer", "-1d");
        Path future = TestCertificates.selfSigned(dir, "future", "+1d");
        ConnectorServer server = ConnectorServer.requiringClientCertificate(vertx, GuestpassTestResources.databaseCertificates(),
                dir.resolve("newer.pem")).answer(json(200, "{\"version\":\"1.0.0\",\"action\":\"Continue\"}"));
        servers.add(server);

        String id = certificateConnector(server.url("/signup"), newer);
        upload(id, future);
        upload(id, older);
        ConnectorAnswer answer = call(load(id), PostFederationSignup);
        assertEquals(CONTINUE, answer.action(), answer.failure());
        ApiConnector connector = load(id);
        assertEquals(connector.activeCertificate(clock.instant()).orElseThrow().thumbprint(), server.received().get(0).clientCertificate());

        ConnectorAnswer refused = call(load(certificateConnector(server.url("/signup"), older)), PostFederationSignup);
        assertEquals(FAILED, refused.action(), "the server trusts the newer certificate only");
        assertTrue(refused.failure().startsWith("TLS failed"), refused.failure());
        assertEquals(1, server.received().size());
    }

    private static String certificateConnector(String url, Path pkcs12) throws Exception {
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"displayName\":\"Certificate check\",\"targetUrl\":\"" + url + "\",\"authenticationConfiguration\":"
                        + "{\"@odata.type\":\"#microsoft.graph.pkcs12Certificate\",\"pkcs12Value\":\"" + base64(pkcs12) + "\",\"password\":\"test-only\"}}")
                .post(CONNECTORS).then().statusCode(201).extract().path("id");
    }

    private static void upload(String id, Path pkcs12) throws Exception {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"pkcs12Value\":\"" + base64(pkcs12) + "\",\"password\":\"test-only\"}")
                .post(CONNECTORS + "/" + id + "/uploadClientCertificate").then().statusCode(200);
    }

    private static String base64(Path file) throws Exception {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
    }

    @Test
    void theServersCertificateMustNameTheHost() {
        ConnectorServer server = server();
        // the test CA's certificate names localhost, not 127.0.0.1
        ConnectorAnswer answer = call(basicConnector("https://127.0.0.1:" + server.port() + "/signup", PASSWORD), PostFederationSignup);
        assertEquals(FAILED, answer.action());
        assertTrue(answer.failure().startsWith("TLS failed"), answer.failure());
        assertEquals(List.of(), server.received());
    }

    @Test
    void withoutTheDevelopmentSettingOnlyPublicAddressesOnPort443AreCalled() {
        ConnectorServer server = server();
        ApiConnector connector = basicConnector(server.url("/signup"), PASSWORD);
        ConnectorClient production = new ConnectorClient(clients, json, clock, false);

        ConnectorAnswer answer = call(production, connector, PostFederationSignup, clock.instant().plusSeconds(25));
        assertEquals(FAILED, answer.action());
        assertEquals("the target URL is not https on port 443", answer.failure());
        connector.targetUrl = "https://localhost/signup";
        assertEquals("the host localhost resolves to 127.0.0.1, a loopback address: refused",
                call(production, connector, PostFederationSignup, clock.instant().plusSeconds(25)).failure());
        // the development setting lets loopback through, never the rest
        for (String url : List.of("https://10.1.2.3/signup", "https://169.254.169.254/latest/meta-data", "https://[fd00:ec2::254]/",
                "https://100.64.0.1/", "https://[::ffff:192.168.0.1]/", "http://203.0.113.7/signup", "https://203.0.113.7:8443/signup")) {
            connector.targetUrl = url;
            ConnectorAnswer refused = call(connector, PostFederationSignup);
            assertEquals(FAILED, refused.action(), url);
            assertTrue(refused.failure().contains("refused"), url + ": " + refused.failure());
        }
        assertEquals(List.of(), server.received());
    }

    @Test
    void theAnswerArrivesOnTheCallersContext() throws Exception {
        ConnectorServer server = server().answer(json(200, "{\"version\":\"1.0.0\",\"action\":\"Continue\"}"));
        ApiConnector connector = basicConnector(server.url("/signup"), PASSWORD);
        Context caller = vertx.getOrCreateContext();
        CompletableFuture<Context> answeredOn = new CompletableFuture<>();
        caller.runOnContext(ignored -> client.call(connector, new ConnectorRequest(PostFederationSignup, "app", null, Map.of()),
                clock.instant().plusSeconds(25)).subscribe().with(answer -> answeredOn.complete(Vertx.currentContext()), answeredOn::completeExceptionally));
        assertSame(caller, answeredOn.get(10, TimeUnit.SECONDS));
    }
}
