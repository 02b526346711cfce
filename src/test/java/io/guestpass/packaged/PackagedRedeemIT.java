package io.guestpass.packaged;

import io.guestpass.devmode.LocalMicrosoftAccount;
import io.guestpass.fixtures.GatewayResponse;
import io.guestpass.fixtures.LambdaRuntimeApi;
import io.guestpass.fixtures.PackagedDeployment;
import io.guestpass.fixtures.PackagedFunction;
import io.guestpass.fixtures.RedeemJourney;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The redeem function as AWS runs it: two packaged redeem instances (separate JVMs under AWS's runtime interface
 * client), each behind its own Runtime API so the test chooses which one answers, sharing one PostgreSQL and one local
 * Microsoft account stand-in; invitations come from a packaged invite instance.
 *
 * <p>Stateless: a whole redemption where no two consecutive requests meet the same instance. Exactly once (issue 3, flow
 * step 7): two tabs accept one invitation at the same moment on two instances — real parallelism (stack-facts.md item 10).
 */
class PackagedRedeemIT {

    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    static final int RACES = 5;

    static PackagedDeployment deployment;
    static LambdaRuntimeApi inviteApi;
    static PackagedFunction invite;
    static final List<LambdaRuntimeApi> redeemApis = new ArrayList<>();
    static final List<PackagedFunction> redeem = new ArrayList<>();
    static List<RedeemJourney.Route> routes;

    @BeforeAll
    static void deploy() {
        deployment = new PackagedDeployment();
        assertEquals(200, deployment.migrate().status(), "migration");
        inviteApi = new LambdaRuntimeApi();
        invite = PackagedFunction.start("it-redeem-invite", inviteApi, deployment.environment("invite"));
        for (int i = 1; i <= 2; i++) {
            LambdaRuntimeApi api = new LambdaRuntimeApi();
            redeemApis.add(api);
            redeem.add(PackagedFunction.start("it-redeem-" + i, api, deployment.environment("redeem")));
        }
        invite.awaitReady(START_TIMEOUT);
        redeem.forEach(f -> f.awaitReady(START_TIMEOUT));
        GatewayResponse policy = deployment.allowRedirectOrigin(inviteApi);
        assertEquals(204, policy.status(), policy::toString);
        routes = redeemApis.stream().map(RedeemJourney::via).toList();
    }

    @AfterAll
    static void undeploy() {
        redeem.forEach(PackagedFunction::close);
        if (invite != null) {
            invite.close();
        }
        redeemApis.forEach(LambdaRuntimeApi::close);
        if (inviteApi != null) {
            inviteApi.close();
        }
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    void aRedemptionWhereEveryRequestMeetsAnotherInstance() {
        String address = "Stateless.Sam@Outlook.com";
        GatewayResponse invited = deployment.invite(inviteApi, address);
        assertEquals(201, invited.status(), invited::toString);
        long[] before = answered();

        RedeemJourney tab = new RedeemJourney(RedeemJourney.alternating(routes), deployment.microsoft());
        GatewayResponse accepted = tab.redeem(invited.json().path("inviteRedeemUrl").asText(), LocalMicrosoftAccount.Account.of(address));

        assertEquals(RedeemJourney.WELCOME, accepted.header("Location"), () -> String.join("\n", tab.trace()));
        long[] after = answered();
        for (int i = 0; i < after.length; i++) {
            long served = after[i] - before[i];
            assertTrue(served >= 1, redeem.get(i).name() + " answered no request: " + tab.trace());
        }
        assertEquals(tab.invocations(), (after[0] - before[0]) + (after[1] - before[1]), "every request was answered once");
        // alternating over two instances: each answered every other request
        assertTrue(Math.abs((after[0] - before[0]) - (after[1] - before[1])) <= 1, () -> String.join("\n", tab.trace()));

        String userId = invited.json().path("invitedUser").path("id").asText();
        assertEquals(1, deployment.count("select count(*) from guest_user where id = ?::uuid and external_user_state = 'Accepted'", userId));
        assertEquals(1, deployment.count("select count(*) from sign_in_identity where user_id = ?::uuid and issuer = 'MicrosoftAccount' "
                + "and issuer_assigned_id = ?", userId, LocalMicrosoftAccount.Account.of(address).oid()));
        assertEquals(1, deployment.count("select count(*) from invitation where id = ?::uuid and status = 'Completed'",
                invited.json().path("id").asText()));
        assertEquals(1, deployment.count("select count(*) from consent_record where user_id = ?::uuid", userId));
        assertTrue(tab.cookies().names().stream().noneMatch(n -> n.startsWith("q_session") || n.startsWith("q_auth")),
                () -> "provider cookies left behind: " + tab.cookies().names());
    }

    @Test
    void twoTabsAcceptingAtTheSameMomentOnTwoInstancesGiveOneAcceptance() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int race = 1; race <= RACES; race++) {
                String address = "race" + race + ".twin@outlook.com";
                GatewayResponse invited = deployment.invite(inviteApi, address);
                assertEquals(201, invited.status(), invited::toString);
                String url = invited.json().path("inviteRedeemUrl").asText();
                LocalMicrosoftAccount.Account account = LocalMicrosoftAccount.Account.of(address);

                // two tabs, two cookie jars, one invitation, one Microsoft account: both reach the consent page
                List<RedeemJourney> tabs = List.of(new RedeemJourney(RedeemJourney.alternating(routes), deployment.microsoft()),
                        new RedeemJourney(RedeemJourney.alternating(List.of(routes.get(1), routes.get(0))), deployment.microsoft()));
                for (RedeemJourney tab : tabs) {
                    tab.toConsent(url, account);
                }
                long[] before = answered();

                CountDownLatch ready = new CountDownLatch(2);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<GatewayResponse>> clicks = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    RedeemJourney tab = tabs.get(i);
                    RedeemJourney.Route instance = routes.get(i); // each tab's click reaches another instance
                    clicks.add(pool.submit(() -> {
                        ready.countDown();
                        go.await(30, TimeUnit.SECONDS);
                        return tab.accept(instance);
                    }));
                }
                assertTrue(ready.await(30, TimeUnit.SECONDS));
                go.countDown();
                List<GatewayResponse> answers = new ArrayList<>();
                for (Future<GatewayResponse> click : clicks) {
                    answers.add(click.get(90, TimeUnit.SECONDS));
                }

                String context = "race " + race + ": " + answers;
                long[] after = answered();
                assertEquals(1, after[0] - before[0], context);
                assertEquals(1, after[1] - before[1], context);
                long toApplication = answers.stream().filter(a -> a.status() == 303 && RedeemJourney.WELCOME.equals(a.header("Location"))).count();
                long alreadyAccepted = answers.stream().filter(a -> a.status() == 200 && a.body().contains(RedeemJourney.ALREADY_ACCEPTED)).count();
                assertEquals(1, toApplication, context);
                assertEquals(1, alreadyAccepted, context);

                String userId = invited.json().path("invitedUser").path("id").asText();
                String invitationId = invited.json().path("id").asText();
                assertEquals(1, deployment.count("select count(*) from sign_in_identity where user_id = ?::uuid", userId), context);
                assertEquals(1, deployment.count("select count(*) from sign_in_identity where issuer = 'MicrosoftAccount' "
                        + "and issuer_assigned_id = ?", account.oid()), context);
                assertEquals(1, deployment.count("select count(*) from invitation where id = ?::uuid and status = 'Completed'", invitationId), context);
                assertEquals(1, deployment.count("select count(*) from consent_record where invitation_id = ?::uuid", invitationId), context);
                assertEquals(1, deployment.count("select count(*) from consent_record where user_id = ?::uuid", userId), context);
                assertEquals(1, deployment.count("select count(*) from guest_user where id = ?::uuid and external_user_state = 'Accepted'", userId), context);
                assertEquals(1, deployment.count("select count(*) from audit_event where action = 'invitation.redeemed' and target_id = ?",
                        invitationId), context);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static long[] answered() {
        return redeem.stream().mapToLong(f -> f.endpoint().answered()).toArray();
    }
}
