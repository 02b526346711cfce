package io.guestpass.packaged;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestpass.fixtures.ApiGatewayEvents;
import io.guestpass.fixtures.GatewayResponse;
import io.guestpass.fixtures.LambdaRuntimeApi;
import io.guestpass.fixtures.PackagedDeployment;
import io.guestpass.fixtures.PackagedFunction;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged artifact ({@code target/function.zip}) as AWS runs it: separate JVMs under AWS's runtime interface
 * client, fed API Gateway events through a local Runtime API, against a real PostgreSQL, OpenID Connect issuer and SMTP
 * server. Four invite instances share one queue, so races happen with real parallelism (stack-facts.md item 10).
 */
class PackagedFunctionIT {

    static final int INSTANCES = 4;
    static final int SIMULTANEOUS = 50;
    static final String REDIRECT = PackagedDeployment.REDIRECT_ORIGIN + "/welcome";
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    static PackagedDeployment deployment;
    static LambdaRuntimeApi migrateApi;
    static PackagedFunction migrateFunction;
    static GatewayResponse migrated;
    static LambdaRuntimeApi inviteApi;
    static final List<PackagedFunction> invite = new ArrayList<>();

    @BeforeAll
    static void deploy() {
        deployment = new PackagedDeployment();
        // the schema first, through the migrate role, as a deployment does it
        migrateApi = new LambdaRuntimeApi();
        migrateFunction = PackagedFunction.start("it-migrate", migrateApi, deployment.environment("migrate"));
        migrateFunction.awaitReady(START_TIMEOUT);
        migrated = call(migrateApi, ApiGatewayEvents.post("/internal/migrate"));

        inviteApi = new LambdaRuntimeApi();
        for (int i = 1; i <= INSTANCES; i++) {
            invite.add(PackagedFunction.start("it-invite-" + i, inviteApi, deployment.environment("invite")));
        }
        invite.forEach(f -> f.awaitReady(START_TIMEOUT));
        GatewayResponse policy = deployment.allowRedirectOrigin(inviteApi);
        assertEquals(204, policy.status(), policy::toString); // Graph answers a PATCH with 204 No Content
    }

    @AfterAll
    static void undeploy() {
        invite.forEach(PackagedFunction::close);
        if (migrateFunction != null) {
            migrateFunction.close();
        }
        if (inviteApi != null) {
            inviteApi.close();
        }
        if (migrateApi != null) {
            migrateApi.close();
        }
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    void theMigrateFunctionMigratesAndAnswersNothingElse() {
        assertEquals(200, migrated.status(), migrated::toString);
        assertEquals(1, deployment.count("select count(*) from directory_policy"));

        GatewayResponse users = call(migrateApi, ApiGatewayEvents.get("/v1.0/users").bearer(deployment.adminToken()));
        assertEquals(404, users.status(), users::toString);
        JsonNode error = users.json().path("error");
        assertTrue(error.path("code").isTextual(), users::toString);
        assertTrue(error.path("message").isTextual(), users::toString);
        assertTrue(error.path("innerError").path("request-id").isTextual(), users::toString);
    }

    /**
     * The first deployment failed here: Terraform gave migrate only the database user's secret, the application demanded
     * the data key of every role, and the fixture gave every role everything. Now migrate runs with exactly its entry of
     * infra/roles.json, which holds no sign-in keys, creates the application's database user and the first signing key
     * (sealed with the data key, which it therefore gets).
     */
    @Test
    void theMigrateFunctionRunsWithExactlyWhatInfraGivesIt() {
        Set<String> environment = deployment.environment("migrate").keySet();
        assertFalse(environment.stream().anyMatch(name -> name.startsWith("QUARKUS_OIDC")), environment::toString);
        assertEquals(200, migrated.status(), migrated::toString);
        assertEquals(PackagedDeployment.APP_DATABASE_USER, migrated.json().path("applicationRole").asText(), migrated::toString);
        assertEquals(1, deployment.count("select count(*) from pg_roles where rolname = ? and rolcanlogin",
                PackagedDeployment.APP_DATABASE_USER));
        assertEquals(1, deployment.count("select count(*) from signing_key where status = 'current'"));
    }

    /** The worker, which no other packaged test starts, with exactly its entry of infra/roles.json. */
    @Test
    void theWorkerRunsWithExactlyWhatInfraGivesIt() {
        try (LambdaRuntimeApi workerApi = new LambdaRuntimeApi();
             PackagedFunction worker = PackagedFunction.start("it-worker", workerApi, deployment.environment("worker"))) {
            worker.awaitReady(START_TIMEOUT);
            GatewayResponse run = call(workerApi, ApiGatewayEvents.post("/internal/worker/run"));
            assertEquals(200, run.status(), run::toString);
        }
    }

    @Test
    void anInvitationFromARawGatewayEvent() {
        GatewayResponse created = call(inviteApi, ApiGatewayEvents.post("/v1.0/invitations").bearer(deployment.adminToken())
                .json("{\"invitedUserEmailAddress\":\"Grace.Hopper@Outlook.com\",\"inviteRedirectUrl\":\"" + REDIRECT
                        + "\",\"invitedUserDisplayName\":\"Grace Hopper\"}")
                .requestId("gateway-request-1"));

        assertEquals(201, created.status(), created::toString);
        JsonNode body = created.json();
        assertEquals("/v1.0/invitations/" + body.path("id").asText(), created.header("Location"));
        assertEquals("gateway-request-1", created.header("request-id"));
        assertEquals("https://id.contoso.test/v1.0/$metadata#invitations/$entity", body.path("@odata.context").asText());
        assertTrue(body.path("inviteRedeemUrl").asText().startsWith("https://id.contoso.test/redeem?ticket="), created::toString);
        assertEquals("Grace.Hopper@Outlook.com", body.path("invitedUserEmailAddress").asText());
        assertEquals("Grace Hopper", body.path("invitedUserDisplayName").asText());
        assertEquals(REDIRECT, body.path("inviteRedirectUrl").asText());
        assertEquals("PendingAcceptance", body.path("status").asText());
        assertEquals("grace.hopper_outlook.com#EXT#@contoso.test", body.path("invitedUser").path("userPrincipalName").asText());
        assertEquals(1, deployment.count("select count(*) from audit_event where action = 'invitation.created' and request_id = ?",
                "gateway-request-1"));
    }

    @Test
    void withoutATokenTheAnswerIs401WithAChallenge() {
        GatewayResponse refused = call(inviteApi, ApiGatewayEvents.post("/v1.0/invitations")
                .json("{\"invitedUserEmailAddress\":\"nobody@example.com\",\"inviteRedirectUrl\":\"" + REDIRECT + "\"}"));

        assertEquals(401, refused.status(), refused::toString);
        assertNotNull(refused.header("WWW-Authenticate"), refused::toString);
        assertTrue(refused.header("WWW-Authenticate").startsWith("Bearer"), refused::toString);
        assertTrue(refused.json().path("error").path("code").isTextual(), refused::toString);
        assertEquals(0, deployment.count("select count(*) from guest_user where mail_key = 'nobody@example.com'"));
    }

    @Test
    void fiftySimultaneousInvitationsOfOneAddressCreateOneUser() {
        String token = deployment.adminToken();
        String event = ApiGatewayEvents.post("/v1.0/invitations").bearer(token)
                .json("{\"invitedUserEmailAddress\":\"race@example.com\",\"inviteRedirectUrl\":\"" + REDIRECT + "\"}").toJson();
        long[] answeredBefore = answeredPerInstance();

        List<GatewayResponse> responses = simultaneously(SIMULTANEOUS, () -> event);

        assertTrue(responses.stream().allMatch(r -> r.status() == 201),
                () -> "not all 201: " + responses.stream().filter(r -> r.status() != 201).map(Object::toString).limit(3).toList());
        assertEquals(1, deployment.count("select count(*) from guest_user where mail_key = 'race@example.com'"));
        assertEquals(1, deployment.count("select count(*) from invitation i join guest_user u on u.id = i.user_id "
                + "where u.mail_key = 'race@example.com' and i.status = 'PendingAcceptance'"));
        assertEquals(SIMULTANEOUS, deployment.count("select count(*) from invitation where invited_email = 'race@example.com'"));
        assertEquals(1, deployment.count("select count(*) from redeem_ticket t join invitation i on i.id = t.invitation_id "
                + "where i.invited_email = 'race@example.com' and t.retired_at is null"));
        assertParallel(answeredBefore);
    }

    @Test
    void fiftySimultaneousRetriesWithOneIdempotencyKeyCreateOneInvitationAndOneMail() throws Exception {
        String event = ApiGatewayEvents.post("/v1.0/invitations").bearer(deployment.adminToken())
                .header("Idempotency-Key", "retry-7f3a")
                .json("{\"invitedUserEmailAddress\":\"retry@example.com\",\"inviteRedirectUrl\":\"" + REDIRECT
                        + "\",\"sendInvitationMessage\":true}").toJson();
        long[] answeredBefore = answeredPerInstance();

        List<GatewayResponse> responses = simultaneously(SIMULTANEOUS, () -> event);

        List<GatewayResponse> unexpected = responses.stream()
                .filter(r -> !(r.status() == 201 || (r.status() == 409 && r.header("Retry-After") != null))).toList();
        assertTrue(unexpected.isEmpty(), () -> "neither 201 nor 409 with Retry-After: " + unexpected.stream().limit(3).toList());
        Set<String> ids = responses.stream().filter(r -> r.status() == 201).map(r -> r.json().path("id").asText())
                .collect(Collectors.toSet());
        assertEquals(1, ids.size(), () -> "invitation ids in the 201 bodies: " + ids);
        assertEquals(1, deployment.count("select count(*) from invitation where invited_email = 'retry@example.com'"));

        assertTrue(deployment.smtp().waitForIncomingEmail(10_000, 1), "the invitation mail arrives");
        // a second message would come from a second invitation or a double delivery: give it a moment to show up
        deployment.smtp().waitForIncomingEmail(1_500, 2);
        MimeMessage[] mails = deployment.smtp().getReceivedMessagesForDomain("retry@example.com");
        assertEquals(1, mails.length, () -> "mails to retry@example.com: " + Arrays.stream(mails).map(PackagedFunctionIT::subject).toList());
        assertParallel(answeredBefore);
    }

    /** Sends the same event from {@code clients} threads released at one moment; every answer within a bound. */
    static List<GatewayResponse> simultaneously(int clients, java.util.function.Supplier<String> events) {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<GatewayResponse>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await(30, TimeUnit.SECONDS);
                    CompletableFuture<JsonNode> answer = inviteApi.invoke(events.get());
                    return GatewayResponse.of(LambdaRuntimeApi.await(answer, 60));
                }));
            }
            assertTrue(ready.await(30, TimeUnit.SECONDS), "client threads started");
            go.countDown();
            List<GatewayResponse> responses = new ArrayList<>();
            for (Future<GatewayResponse> f : futures) {
                responses.add(f.get(90, TimeUnit.SECONDS));
            }
            return responses;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    static long[] answeredPerInstance() {
        return invite.stream().mapToLong(f -> f.endpoint().answered()).toArray();
    }

    /** Proves the race ran on several processes at once, not one after another on a single instance. */
    static void assertParallel(long[] answeredBefore) {
        long[] after = answeredPerInstance();
        long instancesThatAnswered = 0;
        for (int i = 0; i < after.length; i++) {
            if (after[i] > answeredBefore[i]) {
                instancesThatAnswered++;
            }
        }
        assertTrue(instancesThatAnswered >= 2, "answered by " + instancesThatAnswered + " instance(s) only");
    }

    static GatewayResponse call(LambdaRuntimeApi api, ApiGatewayEvents.Request request) {
        return GatewayResponse.of(LambdaRuntimeApi.await(api.invoke(request.toJson()), 60));
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            return "?";
        }
    }
}
