package io.guestpass.bench;

import io.guestpass.devmode.LocalMicrosoftAccount;
import io.guestpass.fixtures.GatewayBrowser;
import io.guestpass.fixtures.GatewayResponse;
import io.guestpass.fixtures.LambdaRuntimeApi;
import io.guestpass.fixtures.PackagedDeployment;
import io.guestpass.fixtures.RedeemJourney;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The redemption benchmarks' unit of work (issue 3): one whole redemption of its own invitation — the emailed link, the
 * start page, the sign-in redirect, the authorize request to the local Microsoft account stand-in, the callback, the
 * return to the sign-in path, the consent page and the acceptance (303 to the application) — and the invitations it
 * needs, made beforehand through a packaged invite instance (not measured).
 */
final class Redemptions {

    /** An invitation ready to be redeemed. */
    record Ticket(String url, LocalMicrosoftAccount.Account account) {
    }

    private final PackagedDeployment deployment;
    private final LambdaRuntimeApi inviteApi;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicInteger invocationsPerRedemption = new AtomicInteger();

    Redemptions(PackagedDeployment deployment, LambdaRuntimeApi inviteApi) {
        this.deployment = deployment;
        this.inviteApi = inviteApi;
    }

    /** One whole redemption of the next invitation along {@code redeem}; true when it ended with the 303 to the application. */
    boolean redeem(GatewayBrowser.Route redeem, BlockingQueue<Ticket> tickets) {
        Ticket ticket = tickets.poll();
        if (ticket == null) {
            throw new IllegalStateException("no invitation left to redeem");
        }
        RedeemJourney tab = new RedeemJourney(redeem, deployment.microsoft());
        try {
            tab.redeem(ticket.url(), ticket.account());
            invocationsPerRedemption.set(tab.tab().invocations());
            return true;
        } catch (GatewayBrowser.UnexpectedAnswer e) {
            if (failed.incrementAndGet() <= 3) {
                System.err.println("Redemption failed: " + e.getMessage());
            }
            return false;
        }
    }

    /** Function invocations the last whole redemption took (the authorize request to the stand-in is not one). */
    int invocationsPerRedemption() {
        return invocationsPerRedemption.get();
    }

    /** {@code count} invitations of new addresses, made through the invite instance (two clients), ready to redeem. */
    BlockingQueue<Ticket> invitations(String prefix, int count) {
        BlockingQueue<Ticket> out = new LinkedBlockingQueue<>();
        ClosedLoop.Result made = ClosedLoop.run(2, count, Duration.ofMinutes(5), seq -> {
            String address = "redeem-" + prefix + "-" + seq + "@outlook.com";
            GatewayResponse created = deployment.invite(inviteApi, address);
            if (created.status() != 201) {
                return false;
            }
            out.add(new Ticket(created.json().path("inviteRedeemUrl").asText(), LocalMicrosoftAccount.Account.of(address)));
            return true;
        });
        if (made.failures() > 0) {
            throw new IllegalStateException(made.failures() + " invitations could not be made, the first: " + made.firstFailure());
        }
        return out;
    }
}
