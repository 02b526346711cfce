package io.guestpass.oidc;

import io.guestpass.acceptance.InvitationAcceptance;
import io.guestpass.acceptance.Redemption;
import io.guestpass.directory.Application;
import io.guestpass.directory.GuestUser;
import io.guestpass.federation.FederatedIdentity;
import io.guestpass.directory.EmailAddress;
import io.guestpass.passcode.EmailPasscodeProvider;
import io.guestpass.passcode.PasscodeJourney;
import io.guestpass.federation.JourneyState;
import io.guestpass.web.Languages;
import io.guestpass.web.SealedCookie;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Signing a guest in to an application, as a journey through the shared round trip. After the provider: an accepted,
 * enabled guest gets a code at once; a person whose verified address has a pending invitation accepts it inline (the
 * same exactly-once acceptance as redemption) and then gets one; anyone else learns they have no access. Every accepted
 * guest may use every application of the directory.
 */
@ApplicationScoped
public class SignInJourney implements PasscodeJourney<AuthorizationRequest> {

    private final SignInPages pages;
    private final InvitationAcceptance acceptance;
    private final Codes codes;
    private final SignUpEntry signUp;
    private final EmailPasscodeProvider passcode;
    private final Clock clock;

    SignInJourney(SignInPages pages, InvitationAcceptance acceptance, Codes codes, SignUpEntry signUp, EmailPasscodeProvider passcode,
            Clock clock) {
        this.passcode = passcode;
        this.pages = pages;
        this.acceptance = acceptance;
        this.codes = codes;
        this.signUp = signUp;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "signin";
    }

    @Override
    public String path() {
        return SignInPages.PATH;
    }




    @Override
    public SealedCookie<JourneyState<AuthorizationRequest>> state() {
        return pages.cookie();
    }

    /**
     * The application's wishes reach Microsoft: its login_hint; prompt=login (or max_age) for a fresh sign-in; the account
     * picker when the application asked for it or the person wants another account.
     */
    @Override
    public Map<String, String> providerParameters(JourneyState<AuthorizationRequest> state, boolean anotherAccount) {
        AuthorizationRequest request = state.payload();
        Map<String, String> parameters = new LinkedHashMap<>();
        if (request.loginHint() != null) {
            parameters.put("login_hint", request.loginHint());
        }
        if ("login".equals(request.prompt()) || request.maxAge() != null) {
            parameters.put("prompt", "login");
        } else if (anotherAccount || "select_account".equals(request.prompt())) {
            parameters.put("prompt", "select_account");
        }
        return parameters;
    }

    /** App sign-in offers every provider a journey can run. */
    @Override
    public Uni<Boolean> offersPasscode(JourneyState<AuthorizationRequest> state) {
        return Uni.createFrom().item(true);
    }

    /**
     * A code goes only to an address that could sign in with it: a guest's passcode identity, or a pending invitation (which
     * the sign-in then accepts). Any other address gets the same pages and no mail, so that nobody can use the page to learn
     * who is a guest, nor to have mail sent to strangers.
     */
    @Override
    public Uni<Boolean> mailsCodeTo(JourneyState<AuthorizationRequest> state, EmailAddress address) {
        var identity = passcode.identityOf(address);
        return acceptance.guestOf(identity).chain(guest -> guest != null ? Uni.createFrom().item(true)
                : acceptance.pendingFor(identity).map(pending -> pending.stage(clock.instant()) == Redemption.Stage.PENDING));
    }

    @Override
    public Uni<Response> signedIn(JourneyState<AuthorizationRequest> state, FederatedIdentity identity, String language) {
        Locale locale = Languages.forPage(language, null);
        JourneyState<AuthorizationRequest> signedIn = new JourneyState<>(state.csrf(), state.expiresAtEpochSecond(), identity,
                state.payload().authenticatedAt(clock.instant().getEpochSecond()));
        return Panache.withSession(() -> Application.findByAppId(signedIn.payload().clientId())).chain(app -> {
            if (app == null || app.redirectKind(signedIn.payload().redirectUri()).isEmpty()) {
                return Uni.createFrom().item(pages.badRequest("the application is no longer registered", locale));
            }
            return acceptance.guestOf(identity).chain(guest -> {
                if (guest != null && !guest.accountEnabled) {
                    return Uni.createFrom().item(pages.disabled(locale));
                }
                if (guest != null && guest.hasAccepted()) {
                    return codes.issue(signedIn.payload(), guest, identity, locale, pages.cookie().clear());
                }
                return acceptance.pendingFor(identity).chain(pending -> afterLookUp(signedIn, pending, app, language, locale));
            });
        });
    }

    /**
     * An identity no guest has yet: its pending invitation, if its verified address has one, is accepted inline; without
     * any invitation, the application's sign-up user flow (if it has one) takes the person on.
     */
    private Uni<Response> afterLookUp(JourneyState<AuthorizationRequest> state, Redemption pending, Application app, String language,
            Locale locale) {
        Redemption.Stage stage = pending.stage(clock.instant());
        if (stage == Redemption.Stage.DISABLED) {
            return Uni.createFrom().item(pages.disabled(locale));
        }
        if (stage == Redemption.Stage.UNKNOWN) {
            return signUp.continueWith(state.payload(), state.identity(), language)
                    .map(signingUp -> signingUp.orElseGet(() -> pages.noAccess(state, app.displayName, locale)));
        }
        if (stage != Redemption.Stage.PENDING
                || InvitationAcceptance.admits(pending, state.identity(), InvitationAcceptance.Route.ADDRESS) != null) {
            return Uni.createFrom().item(pages.noAccess(state, app.displayName, locale));
        }
        return acceptance.linkedElsewhere(state.identity(), pending.user().id).map(linked -> linked
                ? pages.noAccess(state, app.displayName, locale)
                : pages.consent(state, app.displayName, locale));
    }

    /** The person accepted the invitation found by their address: accept it (exactly once), then the code. */
    Uni<Response> accept(JourneyState<AuthorizationRequest> state, Locale locale) {
        FederatedIdentity identity = state.identity();
        return acceptance.pendingFor(identity).chain(pending -> pending.ticket() == null
                ? Uni.createFrom().item(pages.stateExpired(locale))
                : acceptance.accept(pending.ticket().ticketHash, identity, InvitationAcceptance.Route.ADDRESS).chain(outcome -> {
                    GuestUser guest = outcome.redemption().user();
                    return switch (outcome.verdict()) {
                        case ACCEPTED -> codes.issue(state.payload(), guest, identity, locale, pages.cookie().clear());
                        case DISABLED -> Uni.createFrom().item(pages.disabled(locale));
                        default -> Panache.withSession(() -> Application.findByAppId(state.payload().clientId()))
                                .map(app -> pages.noAccess(state, app == null ? "?" : app.displayName, locale));
                    };
                }));
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
