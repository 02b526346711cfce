package io.guestpass.bench;

import io.guestpass.devmode.LocalMicrosoftAccount;
import io.guestpass.fixtures.GatewayBrowser;
import io.guestpass.fixtures.GatewayResponse;
import io.guestpass.fixtures.LambdaRuntimeApi;
import io.guestpass.fixtures.PackagedDeployment;
import io.guestpass.fixtures.ProviderSignIn;
import io.guestpass.fixtures.RedeemJourney;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The redemption benchmarks' unit of work (issue 3): one whole redemption of its own invitation — the emailed link, the
 * start page, the sign-in redirect, the authorize request to the local Microsoft account stand-in, the callback, the
 * return to the sign-in path, the consent page and the acceptance (303 to the application) — and the invitations it
 * needs, made beforehand through a packaged invite instance (not measured). The same with the email passcode instead of
 * the Microsoft account (issue 11): the code page after "Send code", the code read from the mail, the consent page.
 */
final class Redemptions {

    /** An invitation ready to be redeemed. */
    record Ticket(String url, LocalMicrosoftAccount.Account account) {
    }

    private final PackagedDeployment deployment;
    private final LambdaRuntimeApi inviteApi;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicInteger invocationsPerRedemption = new AtomicInteger();
    private final AtomicInteger invocationsPerPasscodeRedemption = new AtomicInteger();
    private static final AtomicLong CLIENTS = new AtomicLong();

    Redemptions(PackagedDeployment deployment, LambdaRuntimeApi inviteApi) {
        this.deployment = deployment;
        this.inviteApi = inviteApi;
    }

    /** One whole redemption of the next invitation along {@code redeem}; true when it ended with the 303 to the application. */
    boolean redeem(GatewayBrowser.Route redeem, BlockingQueue<Ticket> tickets) {
        Ticket ticket = next(tickets);
        return redeem(redeem, ticket, ProviderSignIn.microsoft(deployment.microsoft(), ticket.account()), invocationsPerRedemption);
    }

    /**
     * The same with the email passcode: "Send code" for the invited address, the code read by {@code codes} (the worker's
     * delivery and the mailbox), typed on the code page. Each from a client address of its own, as each invitee would be.
     */
    boolean redeemByPasscode(GatewayBrowser.Route redeem, BlockingQueue<Ticket> tickets, Function<String, String> codes) {
        Ticket ticket = next(tickets);
        return redeem(redeem, ticket, ProviderSignIn.passcode(codes, ticket.account().email()), invocationsPerPasscodeRedemption);
    }

    private boolean redeem(GatewayBrowser.Route redeem, Ticket ticket, ProviderSignIn provider, AtomicInteger invocations) {
        RedeemJourney tab = new RedeemJourney(redeem, deployment.microsoft());
        tab.tab().from(newClientAddress());
        try {
            tab.redeem(ticket.url(), provider);
            invocations.set(tab.tab().invocations());
            return true;
        } catch (GatewayBrowser.UnexpectedAnswer e) {
            if (failed.incrementAndGet() <= 3) {
                System.err.println("Redemption failed: " + e.getMessage());
            }
            return false;
        }
    }

    private static Ticket next(BlockingQueue<Ticket> tickets) {
        Ticket ticket = tickets.poll();
        if (ticket == null) {
            throw new IllegalStateException("no invitation left to redeem");
        }
        return ticket;
    }

    /** A client address no journey of this run had: per-source limits see many people, as they would in production. */
    static String newClientAddress() {
        long n = CLIENTS.incrementAndGet();
        return "10." + (n >> 16 & 0xff) + "." + (n >> 8 & 0xff) + "." + (n & 0xff);
    }

    /** Function invocations the last whole redemption took (the authorize request to the stand-in is not one). */
    int invocationsPerRedemption() {
        return invocationsPerRedemption.get();
    }

    /** Function invocations the last whole redemption by passcode took (the worker's run is not one of the redeem function's). */
    int invocationsPerPasscodeRedemption() {
        return invocationsPerPasscodeRedemption.get();
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
