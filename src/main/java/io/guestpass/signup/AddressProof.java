package io.guestpass.signup;

import io.guestpass.federation.FederatedIdentity;
import io.guestpass.federation.JourneyState;
import io.guestpass.passcode.PasscodeJourney;
import io.guestpass.passcode.PasscodePrompt;
import io.guestpass.passcode.PasscodeTexts;
import io.guestpass.web.SealedCookie;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.ws.rs.core.Response;

import java.util.Locale;
import java.util.Optional;

/**
 * Sign-up's proof of an address no provider verified (Facebook's, always; Google's or an OpenID Connect provider's without
 * {@code email_verified=true}): the email passcode's pages and codes, at {@value SignUpPages#ADDRESS_PATH}, for the identity
 * the provider gave, which the sign-up's state holds. The address the provider gave is suggested and may be changed; the
 * right code continues the sign-up with that identity (its own issuer and subject) and the proven address. Its codes are
 * its own ({@value #NAME}): none asked for here signs anyone in with the passcode provider, nor the other way round.
 */
@ApplicationScoped
@Typed(AddressProof.class) // no provider round trip of its own: not one of the journeys JourneyTenants derives tenants for
public class AddressProof implements PasscodeJourney<SignUpRequest> {

    static final String NAME = "signup-address";

    private final SignUpJourney signUp;

    AddressProof(SignUpJourney signUp) {
        this.signUp = signUp;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String path() {
        return SignUpPages.PATH;
    }

    @Override
    public String passcodePath() {
        return SignUpPages.ADDRESS_PATH;
    }

    @Override
    public SealedCookie<JourneyState<SignUpRequest>> state() {
        return signUp.state();
    }

    /** Only while the sign-up holds an identity whose address nobody has verified yet. */
    @Override
    public Uni<Boolean> offersPasscode(JourneyState<SignUpRequest> state) {
        return Uni.createFrom().item(state.identity() != null && state.identity().verifiedAddress().isEmpty());
    }

    @Override
    public Optional<String> suggestedAddress(JourneyState<SignUpRequest> state) {
        return Optional.ofNullable(state.identity().email());
    }

    @Override
    public PasscodePrompt addressPrompt(JourneyState<SignUpRequest> state, PasscodeTexts texts, String organization) {
        return new PasscodePrompt(texts.proveAddressHeading(), texts.proveAddressBody(organization));
    }

    /** The code proved {@code byCode}'s address: only that address counts, for the identity the sign-up holds. */
    @Override
    public Uni<Response> signedIn(JourneyState<SignUpRequest> state, FederatedIdentity byCode, String language) {
        return signUp.addressProven(state, byCode.verifiedAddress().orElseThrow(), language);
    }

    @Override
    public Response stateExpired(Locale locale) {
        return signUp.stateExpired(locale);
    }

    @Override
    public Response refusedAccount(Locale locale) {
        return signUp.refusedAccount(locale);
    }

    @Override
    public Response providerFailed(Locale locale, boolean unreachable) {
        return signUp.providerFailed(locale, unreachable);
    }
}
