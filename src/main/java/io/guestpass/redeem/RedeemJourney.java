package io.guestpass.redeem;

import io.guestpass.acceptance.InvitationAcceptance;
import io.guestpass.acceptance.Redemption;

import io.guestpass.federation.FederatedIdentity;
import io.guestpass.federation.Journey;
import io.guestpass.passcode.EmailPasscodeProvider;
import io.guestpass.passcode.PasscodeJourney;
import io.guestpass.federation.JourneyState;
import io.guestpass.platform.RateLimiter;
import io.guestpass.web.Languages;
import io.guestpass.web.SealedCookie;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.util.Locale;

/** Redemption as a journey through the shared sign-in round trip: after the provider, the invitation's rules decide. */
@ApplicationScoped
public class RedeemJourney implements PasscodeJourney<TicketReference> {

    private final InvitationAcceptance redemptions;
    private final RedeemFlow flow;
    private final RateLimiter limiter;

    RedeemJourney(InvitationAcceptance redemptions, RedeemFlow flow, RateLimiter limiter) {
        this.redemptions = redemptions;
        this.flow = flow;
        this.limiter = limiter;
    }

    @Override
    public String name() {
        return "redeem";
    }

    @Override
    public String path() {
        return "/redeem";
    }

    @Override
    public String signInPath() {
        return "/redeem/signin";
    }


    @Override
    public String errorPath() {
        return "/redeem/signin-error";
    }

    @Override
    public SealedCookie<JourneyState<TicketReference>> state() {
        return flow.cookie();
    }

    /**
     * Microsoft is told the invited address (login_hint), so the guest does not type it again; only "Sign in with another
     * account" opens Microsoft's account picker.
     */
    @Override
    public java.util.Map<String, String> providerParameters(JourneyState<TicketReference> state, boolean anotherAccount) {
        java.util.Map<String, String> parameters = new java.util.LinkedHashMap<>();
        if (state.payload().loginHint() != null) {
            parameters.put("login_hint", state.payload().loginHint());
        }
        if (anotherAccount) {
            parameters.put("prompt", "select_account");
        }
        return parameters;
    }

    /** Redemption offers the passcode when the invitation policy lists it (redemptionProviders). */
    @Override
    public Uni<Boolean> offersPasscode(JourneyState<TicketReference> state) {
        return redemptions.lookUp(state.payload().hash()).map(redemption -> redemption.policy() != null
                && redemption.policy().redemptionProviders.contains(EmailPasscodeProvider.ID));
    }

    /** The code goes to the invited address: proving it meets the invitation's matching-address rule. */
    @Override
    public java.util.Optional<String> fixedAddress(JourneyState<TicketReference> state) {
        return java.util.Optional.ofNullable(state.payload().loginHint());
    }

    @Override
    public Uni<Response> signedIn(JourneyState<TicketReference> state, FederatedIdentity identity, String language) {
        byte[] hash = state.payload().hash();
        return limiter.hit(RedeemResource.TICKET_ATTEMPTS, flow.bucket(hash)).chain(attempts -> !attempts.allowed()
                ? Uni.createFrom().item(flow.throttled(Languages.forPage(language, null), attempts.retryAfter()))
                : redemptions.lookUp(hash).chain(redemption -> redemption.user() == null
                        ? Uni.createFrom().item(flow.unknown(Languages.forPage(language, null)))
                        // the start page offers only the policy's providers; another one's address typed by hand gets no further
                        : redemption.policy() == null || !redemption.policy().redemptionProviders.contains(identity.providerId())
                        ? Uni.createFrom().item(flow.notOffered(identity, Languages.forPage(language, null)))
                        : redemptions.linkedElsewhere(identity, redemption.user().id)
                                .map(linked -> flow.afterSignIn(redemption, state, identity, linked, language))));
    }

    @Override
    public Response stateExpired(Locale locale) {
        return flow.stateExpired(locale);
    }

    @Override
    public Response refusedAccount(Locale locale) {
        return flow.refusedAccount(locale);
    }

    @Override
    public Response providerFailed(Locale locale, boolean unreachable) {
        return flow.providerFailed(locale, unreachable);
    }
}
