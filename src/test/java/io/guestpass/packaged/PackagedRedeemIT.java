package io.guestpass.packaged;

import io.guestpass.devmode.LocalMicrosoftAccount;
import io.guestpass.fixtures.GatewayBrowser;
import io.guestpass.fixtures.GatewayResponse;
import io.guestpass.fixtures.PackagedDeployment;
import io.guestpass.fixtures.RedeemJourney;
import io.guestpass.fixtures.Simultaneously;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

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
    static PackagedDeployment.Instance invite;
    static List<PackagedDeployment.Instance> redeem;
    static List<GatewayBrowser.Route> routes;

    @BeforeAll
    static void deploy() {
        deployment = new PackagedDeployment("it-redeem");
        assertEquals(200, deployment.migrate().status(), "migration");
        invite = deployment.start("invite", 1).get(0);
        redeem = deployment.start("redeem", 2);
        deployment.awaitReady(START_TIMEOUT);
        GatewayResponse policy = deployment.allowRedirectOrigin(invite.api());
        assertEquals(204, policy.status(), policy::toString);
        routes = redeem.stream().map(PackagedDeployment.Instance::route).toList();
    }

    @AfterAll
    static void undeploy() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    void aRedemptionWhereEveryRequestMeetsAnotherInstance() {
        String address = "Stateless.Sam@Outlook.com";
        GatewayResponse invited = deployment.invite(invite.api(), address);
        assertEquals(201, invited.status(), invited::toString);
        long[] before = answered();

        RedeemJourney tab = new RedeemJourney(GatewayBrowser.alternating(routes), deployment.microsoft());
        GatewayResponse accepted = tab.redeem(invited.json().path("inviteRedeemUrl").asText(), LocalMicrosoftAccount.Account.of(address));

        assertEquals(RedeemJourney.WELCOME, accepted.header("Location"), () -> String.join("\n", tab.tab().trace()));
        long[] after = answered();
        for (int i = 0; i < after.length; i++) {
            long served = after[i] - before[i];
            assertTrue(served >= 1, redeem.get(i).name() + " answered no request: " + tab.tab().trace());
        }
        assertEquals(tab.tab().invocations(), (after[0] - before[0]) + (after[1] - before[1]), "every request was answered once");
        // alternating over two instances: each answered every other request
        assertTrue(Math.abs((after[0] - before[0]) - (after[1] - before[1])) <= 1, () -> String.join("\n", tab.tab().trace()));

        String userId = invited.json().path("invitedUser").path("id").asText();
        assertEquals(1, deployment.count("select count(*) from guest_user where id = ?::uuid and external_user_state = 'Accepted'", userId));
        assertEquals(1, deployment.count("select count(*) from sign_in_identity where user_id = ?::uuid and issuer = 'MicrosoftAccount' "
                + "and issuer_assigned_id = ?", userId, LocalMicrosoftAccount.Account.of(address).oid()));
        assertEquals(1, deployment.count("select count(*) from invitation where id = ?::uuid and status = 'Completed'",
                invited.json().path("id").asText()));
        assertEquals(1, deployment.count("select count(*) from consent_record where user_id = ?::uuid", userId));
        assertTrue(tab.tab().cookies().names().stream().noneMatch(n -> n.startsWith("q_session") || n.startsWith("q_auth")),
                () -> "provider cookies left behind: " + tab.tab().cookies().names());
    }

    @Test
    void twoTabsAcceptingAtTheSameMomentOnTwoInstancesGiveOneAcceptance() throws Exception {
        for (int race = 1; race <= RACES; race++) {
            String address = "race" + race + ".twin@outlook.com";
            GatewayResponse invited = deployment.invite(invite.api(), address);
            assertEquals(201, invited.status(), invited::toString);
            String url = invited.json().path("inviteRedeemUrl").asText();
            LocalMicrosoftAccount.Account account = LocalMicrosoftAccount.Account.of(address);

            // two tabs, two cookie jars, one invitation, one Microsoft account: both reach the consent page
            List<RedeemJourney> tabs = List.of(new RedeemJourney(GatewayBrowser.alternating(routes), deployment.microsoft()),
                    new RedeemJourney(GatewayBrowser.alternating(List.of(routes.get(1), routes.get(0))), deployment.microsoft()));
            for (RedeemJourney tab : tabs) {
                tab.toConsent(url, account);
            }
            long[] before = answered();

            // each tab's click reaches another instance
            List<GatewayResponse> answers = Simultaneously.call(List.of(() -> tabs.get(0).accept(routes.get(0)),
                    () -> tabs.get(1).accept(routes.get(1))));

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
    }

    static long[] answered() {
        return redeem.stream().mapToLong(PackagedDeployment.Instance::answered).toArray();
    }
}
