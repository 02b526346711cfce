package io.guestpass.devmode;

import io.guestpass.web.PageRenderer;
import io.guestpass.web.SealedCookie;
import io.guestpass.web.SealedCookies;
import io.quarkus.arc.profile.UnlessBuildProfile;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * DEVELOPMENT ONLY — never packaged (and never built into a production artifact: {@code @UnlessBuildProfile("prod")}).
 * The sample application of the README's walk-through, served by the {@code local} role under {@code /dev/sample}: a newcomer
 * watches a guest sign in through Guestpass without writing an application. Blocking on purpose (worker threads): it
 * calls Guestpass as a client does, one request after another.
 */
@Path(SampleSignIn.PATH)
@Produces(MediaType.TEXT_HTML)
@UnlessBuildProfile("prod")
public class SampleAppResource {

    static final String COOKIE = "guestpass-sample";
    /** As long as Guestpass's own sign-in journey may take. */
    private static final Duration PENDING_LIFETIME = Duration.ofMinutes(30);

    private final SampleSignIn signIn;
    private final SealedCookie<SampleSignIn.Pending> pending;
    private final PageRenderer pages;
    private final Clock clock;

    SampleAppResource(SampleSignIn signIn, SealedCookies cookies, PageRenderer pages, Clock clock) {
        this.signIn = signIn;
        this.pages = pages;
        this.pending = cookies.named(COOKIE, SampleSignIn.PATH, SampleSignIn.Pending.class);
        this.clock = clock;
    }

    @GET
    public Response home() {
        return SamplePages.home(SampleSignIn.CLIENT_ID);
    }

    /** The Sign in button: a fresh state, nonce and PKCE verifier, kept sealed in this browser, then Guestpass. */
    @GET
    @Path("signin")
    public Response start() {
        return toGuestpass(false);
    }

    /** The Sign up button: the same, asking Guestpass to sign a new person up ({@code prompt=create}); same callback. */
    @GET
    @Path("signup")
    public Response signUp() {
        return toGuestpass(true);
    }

    private Response toGuestpass(boolean signUp) {
        SampleSignIn.Pending started = signIn.newPending();
        try {
            return pages.seeOther(signIn.authorizationRequest(started, signUp).toString(),
                    pending.write(started, clock.instant().plus(PENDING_LIFETIME).getEpochSecond()));
        } catch (SampleSignIn.Failure failure) {
            return SamplePages.failed(502, "Guestpass could not be asked", failure.step + ": " + failure.getMessage());
        }
    }

    /** Where Guestpass sends the browser back: the state first, then Guestpass's error or the code. */
    @GET
    @Path("callback")
    public Response callback(@QueryParam("code") String code, @QueryParam("state") String state,
            @QueryParam("error") String error, @QueryParam("error_description") String description,
            @CookieParam(COOKIE) String sealed) {
        Optional<SampleSignIn.Pending> started = pending.open(sealed);
        if (started.isEmpty()) {
            return SamplePages.failed(400, "No sign-in to finish",
                    "This browser has no sign-in in progress for the sample app (it was never started here, or it expired)."
                            + " Press Sign in again.", pending.clear());
        }
        if (state == null || !state.equals(started.get().state())) {
            // an answer to a request this browser did not make (login CSRF, or another tab's): never act on it
            return SamplePages.failed(400, "Sign-in refused: the state does not match",
                    "The answer carries a state this browser did not send, so the sample app ignores it.", pending.clear());
        }
        if (error != null) {
            return SamplePages.refused(error, description, pending.clear());
        }
        if (code == null) {
            return SamplePages.failed(400, "Sign-in refused: no code", "Guestpass's answer has neither a code nor an error.",
                    pending.clear());
        }
        try {
            return SamplePages.signedIn(signIn.redeem(code, started.get()), pending.clear());
        } catch (SampleSignIn.Failure failure) {
            return SamplePages.failed(502, "Sign-in failed at the " + failure.step, failure.getMessage(), pending.clear());
        }
    }
}
