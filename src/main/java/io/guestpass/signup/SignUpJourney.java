package io.guestpass.signup;

import io.guestpass.acceptance.InvitationAcceptance;
import io.guestpass.acceptance.Redemption;
import io.guestpass.directory.EmailAddress;
import io.guestpass.directory.GuestUser;
import io.guestpass.federation.FederatedIdentity;
import io.guestpass.federation.Journey;
import io.guestpass.federation.JourneyState;
import io.guestpass.oidc.AuthorizationRequest;
import io.guestpass.oidc.Codes;
import io.guestpass.oidc.SignInJourney;
import io.guestpass.oidc.SignUpEntry;
import io.guestpass.passcode.EmailPasscodeProvider;
import io.guestpass.passcode.PasscodeJourney;
import io.guestpass.web.Languages;
import io.guestpass.web.SealedCookie;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Self-service sign-up through a user flow, as a journey through the shared provider round trip: provider page → provider →
 * postFederationSignup connector → attribute page → postAttributeCollection connector → the guest → back to the
 * application with a code. Sign up <em>or</em> sign in: an identity that already belongs to a guest, or whose verified
 * address has a pending invitation, continues as an app sign-in (which accepts that invitation exactly once) instead of
 * becoming a second guest.
 */
@ApplicationScoped
public class SignUpJourney implements PasscodeJourney<SignUpRequest>, SignUpEntry {

    private final SignUpPages pages;
    private final SignUpFlows flows;
    private final SignUpSteps steps;
    private final InvitationAcceptance acceptance;
    private final SignInJourney signIn;
    private final Codes codes;
    private final io.guestpass.federation.IdentityProviders providers;
    private final Clock clock;

    SignUpJourney(SignUpPages pages, SignUpFlows flows, SignUpSteps steps, InvitationAcceptance acceptance, SignInJourney signIn,
            Codes codes, io.guestpass.federation.IdentityProviders providers, Clock clock) {
        this.pages = pages;
        this.flows = flows;
        this.steps = steps;
        this.acceptance = acceptance;
        this.signIn = signIn;
        this.codes = codes;
        this.providers = providers;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "signup";
    }

    @Override
    public String path() {
        return SignUpPages.PATH;
    }

    @Override
    public String signInPath() {
        return SignUpPages.PROVIDER_PATH;
    }



    @Override
    public SealedCookie<JourneyState<SignUpRequest>> state() {
        return pages.cookie();
    }

    /** The application's login_hint reaches the provider; the person may ask for the account picker. */
    @Override
    public Map<String, String> providerParameters(JourneyState<SignUpRequest> state, boolean anotherAccount) {
        Map<String, String> parameters = new LinkedHashMap<>(PasscodeJourney.super.providerParameters(state, anotherAccount));
        String hint = state.payload().authorization().loginHint();
        if (hint != null && !anotherAccount) {
            parameters.put("login_hint", hint);
        }
        return parameters;
    }

    @Override
    public Uni<Response> start(AuthorizationRequest request, Locale locale) {
        return flows.ofApplication(request.clientId()).map(found -> begin(found, request, locale));
    }

    /** {@code GET /signup/{userFlowId}}: the flow must be the one the application is linked to. */
    Uni<Response> start(String userFlowId, AuthorizationRequest request, Locale locale) {
        return flows.of(userFlowId, request.clientId()).map(found -> begin(found, request, locale));
    }

    private Response begin(SignUpFlows.Lookup found, AuthorizationRequest request, Locale locale) {
        if (found.flow() == null) {
            return refused(found.refusal(), locale);
        }
        JourneyState<SignUpRequest> state = JourneyState.start(new SignUpRequest(found.flow().flow().id, request), clock.instant(),
                SignUpPages.LIFETIME);
        return pages.start(found.flow(), locale, pages.write(state));
    }

    @Override
    public Uni<Optional<Response>> continueWith(AuthorizationRequest request, FederatedIdentity identity, String language) {
        return flows.ofApplication(request.clientId()).chain(found -> {
            if (found.flow() == null || !found.flow().offers(identity.providerId())) {
                return Uni.createFrom().item(Optional.empty());
            }
            JourneyState<SignUpRequest> state = JourneyState.start(new SignUpRequest(found.flow().flow().id, request),
                    clock.instant(), SignUpPages.LIFETIME).withIdentity(identity);
            return afterFederation(state, found.flow(), language).map(Optional::of);
        });
    }

    /** The flow offers the passcode when it lists it and the provider is not switched off. */
    @Override
    public Uni<Boolean> offersPasscode(JourneyState<SignUpRequest> state) {
        return flows.of(state.payload().userFlowId(), state.payload().authorization().clientId())
                .map(found -> found.flow() != null && found.flow().offers(EmailPasscodeProvider.ID));
    }

    @Override
    public Uni<Response> signedIn(JourneyState<SignUpRequest> state, FederatedIdentity identity, String language) {
        Locale locale = Languages.forPage(language, null);
        SignUpRequest request = state.payload();
        AuthorizationRequest authenticated = request.authorization().authenticatedAt(clock.instant().getEpochSecond());
        JourneyState<SignUpRequest> signedIn = new JourneyState<>(state.csrf(), state.expiresAtEpochSecond(), identity,
                new SignUpRequest(request.userFlowId(), authenticated));
        return inFlow(signedIn, identity, locale, flow -> acceptance.guestOf(identity).chain(guest -> guest != null
                ? asSignIn(signedIn, identity, language)
                : acceptance.pendingFor(identity).chain(pending -> pending.stage(clock.instant()) != Redemption.Stage.UNKNOWN
                        ? asSignIn(signedIn, identity, language)
                        : afterFederation(signedIn, flow, language))));
    }

    /**
     * The person proved with a code an address for the identity the provider gave without a verified one: the identity
     * stays the provider's (issuer, subject), only its address is now verified, and the sign-up goes on as after a provider.
     * An invitation waiting for that address is not accepted on the way: invitations are redeemed only with the providers
     * redemption offers, and the address stays that invitee's (the sign-up ends on the "address taken" page).
     */
    Uni<Response> addressProven(JourneyState<SignUpRequest> state, EmailAddress proven, String language) {
        FederatedIdentity identity = state.identity().withProvenAddress(proven);
        JourneyState<SignUpRequest> verified = state.withIdentity(identity);
        return inFlow(verified, identity, Languages.forPage(language, null), flow -> afterFederation(verified, flow, language));
    }

    /** The sign-up's flow, as it reads now, when it still offers the identity's provider; else the page that says why not. */
    private Uni<Response> inFlow(JourneyState<SignUpRequest> state, FederatedIdentity identity, Locale locale,
            java.util.function.Function<SignUpFlow, Uni<Response>> next) {
        SignUpRequest request = state.payload();
        return flows.of(request.userFlowId(), request.authorization().clientId()).chain(found -> {
            if (found.flow() == null) {
                return Uni.createFrom().item(refused(found.refusal(), locale));
            }
            if (!found.flow().offers(identity.providerId())) {
                return Uni.createFrom().item(pages.refusedAccount(locale));
            }
            return next.apply(found.flow());
        });
    }

    /** A known guest or a pending invitee: the app sign-in journey decides (sign in, accept the invitation, or refuse). */
    private Uni<Response> asSignIn(JourneyState<SignUpRequest> state, FederatedIdentity identity, String language) {
        JourneyState<AuthorizationRequest> signInState = new JourneyState<>(state.csrf(), state.expiresAtEpochSecond(), null,
                state.payload().authorization());
        return signIn.signedIn(signInState, identity, language)
                .map(answer -> Response.fromResponse(answer).cookie(pages.cookie().clear()).build());
    }

    /**
     * The provider vouched for someone new: the first connector, then the attribute page; first, when the provider vouched
     * for no address, the person proves one with a code ({@link AddressProof}).
     */
    private Uni<Response> afterFederation(JourneyState<SignUpRequest> state, SignUpFlow flow, String language) {
        Locale locale = Languages.forPage(language, null);
        if (state.identity().verifiedAddress().isEmpty()) {
            return Uni.createFrom().item(pages.proveAddress(state));
        }
        return steps.afterFederation(flow, state.identity(), locale.toLanguageTag(), SignUpPages.texts(locale), steps.deadline())
                .map(outcome -> outcome instanceof SignUpSteps.Prefilled prefilled
                        ? pages.attributes(state, flow, prefilled.values(), Map.of(), null, locale)
                        : stopped(outcome, locale));
    }

    /** The attribute page came back (its CSRF token checked): the remaining steps, then back to the application. */
    Uni<Response> submitted(JourneyState<SignUpRequest> state, Map<String, List<String>> form, String language) {
        Locale locale = Languages.forPage(language, null);
        SignUpRequest request = state.payload();
        return flows.of(request.userFlowId(), request.authorization().clientId()).chain(found -> {
            if (found.flow() == null) {
                return Uni.createFrom().item(refused(found.refusal(), locale));
            }
            return steps.complete(found.flow(), state.identity(), form, locale.toLanguageTag(), SignUpPages.texts(locale), "page",
                    steps.deadline(), guest -> code(state, guest, locale)).chain(outcome -> {
                        if (outcome instanceof SignUpSteps.Invalid invalid) {
                            return Uni.createFrom().item(pages.attributes(state, found.flow(), form, invalid.errors(), invalid.problem(), locale));
                        }
                        if (outcome instanceof SignUpSteps.Done done) {
                            return signedUp(state, done.registered(), locale);
                        }
                        return Uni.createFrom().item(stopped(outcome, locale));
                    });
        });
    }

    private Uni<Response> signedUp(JourneyState<SignUpRequest> state, SignUpRegistration.Registered registered, Locale locale) {
        if (registered.result() == SignUpRegistration.Result.ADDRESS_TAKEN) {
            return providers.usedByGuestWith(state.identity().verifiedAddress().orElseThrow())
                    .map(provider -> pages.addressTaken(state, provider, locale));
        }
        if (registered.welcome() != null) {
            return Uni.createFrom().item(registered.welcome());
        }
        if (!registered.guest().accountEnabled || !registered.guest().hasAccepted()) {
            return Uni.createFrom().item(pages.disabled(locale));
        }
        return code(state, registered.guest(), locale);
    }

    /** The application's code, under a new SSO session (in the new guest's transaction when the guest was just created). */
    private Uni<Response> code(JourneyState<SignUpRequest> state, GuestUser guest, Locale locale) {
        return codes.issue(state.payload().authorization(), guest, state.identity(), locale, pages.cookie().clear());
    }

    private Response stopped(SignUpSteps.Outcome outcome, Locale locale) {
        return outcome instanceof SignUpSteps.Blocked blocked ? pages.blocked(blocked.message(), locale) : pages.connectorFailed(locale);
    }

    private Response refused(SignUpFlows.Refusal refusal, Locale locale) {
        return refusal == SignUpFlows.Refusal.SWITCHED_OFF ? pages.switchedOff(locale) : pages.noFlow(locale);
    }

    @Override
    public Response stateExpired(Locale locale) {
        return pages.stateExpired(locale);
    }

    @Override
    public Response refusedAccount(Locale locale) {
        return pages.refusedAccount(locale);
    }

    @Override
    public Response providerFailed(Locale locale, boolean unreachable) {
        return pages.providerFailed(locale, unreachable);
    }
}
