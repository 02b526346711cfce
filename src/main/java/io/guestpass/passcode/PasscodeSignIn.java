package io.guestpass.passcode;

import io.guestpass.directory.EmailAddress;
import io.guestpass.directory.PasscodeChallenge;
import io.guestpass.federation.JourneyState;
import io.guestpass.platform.RateLimiter;
import io.guestpass.platform.RequestGate;
import io.guestpass.web.Csrf;
import io.guestpass.web.Languages;
import io.guestpass.web.SealedCookie;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Signing in with an email one-time passcode, for any journey: the address page, sending the code, the code page, and
 * checking it. A checked code ends as every provider's round trip does, with {@code journey.signedIn(state, identity, …)}.
 * Each journey's resource only delegates its four passcode paths here. Nothing the pages say depends on whether the
 * directory knows the address: a journey may decline to mail a code ({@link PasscodeJourney#mailsCodeTo}), and the pages
 * then go on exactly the same.
 */
@ApplicationScoped
public class PasscodeSignIn {

    /** Codes sent per address, and per source address (any instance: the counters are in the database). */
    static final RateLimiter.Limit PER_ADDRESS = new RateLimiter.Limit("passcode-address", 5, Duration.ofMinutes(15));
    static final RateLimiter.Limit PER_SOURCE = new RateLimiter.Limit("passcode-source", 20, Duration.ofMinutes(15));

    private final PasscodePages pages;
    private final PasscodeChallenges challenges;
    private final EmailPasscodeProvider provider;
    private final RateLimiter limiter;
    private final RoutingContext request;
    private final Clock clock;

    PasscodeSignIn(PasscodePages pages, PasscodeChallenges challenges, EmailPasscodeProvider provider, RateLimiter limiter,
            RoutingContext request, Clock clock) {
        this.pages = pages;
        this.challenges = challenges;
        this.provider = provider;
        this.limiter = limiter;
        this.request = request;
        this.clock = clock;
    }

    /** {@code GET …/passcode}: the address page, or the "Send code" button when the journey knows the address. */
    public <P> Uni<Response> addressPage(PasscodeJourney<P> journey, String sealedState, String language) {
        Locale locale = Languages.forPage(language, null);
        return offered(journey, journey.state().open(sealedState), locale, state -> Uni.createFrom().item(journey.fixedAddress(state)
                .map(address -> pages.fixedAddress(journey, state, address, null, locale))
                .orElseGet(() -> pages.address(journey, state, journey.suggestedAddress(state).orElse(null), null, null, locale))));
    }

    /**
     * {@code POST …/passcode}: sends a code to the typed address, to the journey's own address, or (no address field: "send
     * a new code") to the address of this browser's last code; then on to the code page.
     */
    public <P> Uni<Response> send(PasscodeJourney<P> journey, String sealedState, String sealedChallenge, String csrf, String typed,
            String language) {
        Locale locale = Languages.forPage(language, null);
        return offered(journey, formState(journey, sealedState, csrf), locale, state -> {
            Optional<ChallengeReference> previous = challenge(journey, state, sealedChallenge);
            String raw = journey.fixedAddress(state).orElse(typed != null ? typed : previous.map(ChallengeReference::address).orElse(null));
            if (raw == null) {
                return Uni.createFrom().item(pages.address(journey, state, journey.suggestedAddress(state).orElse(null), null, null, locale));
            }
            Optional<EmailAddress> address = EmailAddress.canonical(raw);
            if (address.isEmpty()) {
                return Uni.createFrom().item(pages.address(journey, state, raw, PasscodePages.texts(locale).invalidAddress(), null, locale));
            }
            return throttle(address.get(), locale, () -> journey.mailsCodeTo(state, address.get())
                    .chain(send -> challenges.issue(journey.name(), address.get(), send, locale))
                    .map(id -> pages.toCodePage(journey, pages.challengeCookie(journey).write(
                            new ChallengeReference(journey.name(), state.csrf(), id, raw.strip()), until(state)))));
        });
    }

    /** {@code GET …/passcode/verify}: the code page for this browser's last code. */
    public <P> Uni<Response> codePage(PasscodeJourney<P> journey, String sealedState, String sealedChallenge, String language) {
        Locale locale = Languages.forPage(language, null);
        return offered(journey, journey.state().open(sealedState), locale, state -> Uni.createFrom().item(
                challenge(journey, state, sealedChallenge)
                        .map(challenge -> pages.code(journey, state, challenge, journey.fixedAddress(state).isPresent(), null, locale))
                        .orElseGet(() -> noCodeHere(journey, state, locale))));
    }

    /** {@code POST …/passcode/verify}: the code; the right one continues the journey with the proven address. */
    public <P> Uni<Response> verify(PasscodeJourney<P> journey, String sealedState, String sealedChallenge, String csrf, String typed,
            String language) {
        Locale locale = Languages.forPage(language, null);
        return offered(journey, formState(journey, sealedState, csrf), locale, state -> {
            Optional<ChallengeReference> challenge = challenge(journey, state, sealedChallenge);
            if (challenge.isEmpty()) {
                return Uni.createFrom().item(noCodeHere(journey, state, locale));
            }
            boolean fixed = journey.fixedAddress(state).isPresent();
            PasscodeTexts t = PasscodePages.texts(locale);
            String code = PasscodeCodes.normalised(typed);
            if (code == null) {
                return Uni.createFrom().item(pages.code(journey, state, challenge.get(), fixed, t.codeFormat(), locale));
            }
            return challenges.verify(challenge.get().challengeId(), journey.name(), code).chain(checked -> {
                if (checked.verdict() != PasscodeChallenges.Verdict.VERIFIED) {
                    return Uni.createFrom().item(pages.code(journey, state, challenge.get(), fixed, refusal(checked.verdict(), t), locale));
                }
                EmailAddress proven = EmailAddress.parse(checked.addressKey(), "email");
                return journey.signedIn(state, provider.identityOf(proven), language)
                        .map(answer -> Response.fromResponse(answer).cookie(pages.challengeCookie(journey).clear()).build());
            });
        });
    }

    /** The journey's state (else its own "start again" page), offering this provider (else a page that says it does not). */
    private <P> Uni<Response> offered(PasscodeJourney<P> journey, Optional<JourneyState<P>> state, Locale locale,
            Function<JourneyState<P>, Uni<Response>> next) {
        if (state.isEmpty()) {
            return Uni.createFrom().item(journey.stateExpired(locale));
        }
        return journey.offersPasscode(state.get()).chain(offers -> offers ? next.apply(state.get())
                : Uni.createFrom().item(pages.notOffered(locale)));
    }

    /** The state, only when the form carried its CSRF token (compared in constant time). */
    private static <P> Optional<JourneyState<P>> formState(PasscodeJourney<P> journey, String sealedState, String csrf) {
        return journey.state().open(sealedState).filter(state -> Csrf.matches(state.csrf(), csrf));
    }

    /** This browser's challenge, for this journey and this run of it. */
    private Optional<ChallengeReference> challenge(PasscodeJourney<?> journey, JourneyState<?> state, String sealed) {
        return pages.challengeCookie(journey).open(sealed)
                .filter(c -> c.journey().equals(journey.name()) && Csrf.matches(state.csrf(), c.stateCsrf()));
    }

    /** No challenge of this browser (or of this run of the journey): a code has to be asked for here first. */
    private <P> Response noCodeHere(PasscodeJourney<P> journey, JourneyState<P> state, Locale locale) {
        String problem = PasscodePages.texts(locale).noCodeHere();
        SealedCookie<ChallengeReference> cookie = pages.challengeCookie(journey);
        return journey.fixedAddress(state)
                .map(address -> pages.fixedAddress(journey, state, address, problem, locale, cookie.clear()))
                .orElseGet(() -> pages.address(journey, state, null, null, problem, locale, cookie.clear()));
    }

    private Uni<Response> throttle(EmailAddress address, Locale locale, java.util.function.Supplier<Uni<Response>> send) {
        String source = String.valueOf((Object) request.get(RequestGate.SOURCE_IP));
        return limiter.hit(PER_SOURCE, source).chain(bySource -> !bySource.allowed()
                ? Uni.createFrom().item(pages.throttled(locale, bySource.retryAfter()))
                : limiter.hit(PER_ADDRESS, address.key()).chain(byAddress -> byAddress.allowed() ? send.get()
                        : Uni.createFrom().item(pages.throttled(locale, byAddress.retryAfter()))));
    }

    /** The challenge cookie lives as long as the code, and never beyond the journey. */
    private long until(JourneyState<?> state) {
        return Math.min(state.expiresAtEpochSecond(), clock.instant().plus(PasscodeChallenge.LIFETIME).getEpochSecond());
    }

    private static String refusal(PasscodeChallenges.Verdict verdict, PasscodeTexts t) {
        return switch (verdict) {
            case WRONG -> t.wrongCode();
            case EXHAUSTED -> t.exhausted();
            case EXPIRED -> t.expired();
            default -> t.spent();
        };
    }
}
