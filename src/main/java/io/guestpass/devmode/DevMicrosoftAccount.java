package io.guestpass.devmode;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.List;

/**
 * DEVELOPMENT ONLY: a clearly labelled stand-in for Microsoft account sign-in, so that {@code ./mvnw quarkus:dev} lets a
 * person click through invite, mail, redeem, consent and redirect. Its login page takes any address and issues
 * Microsoft-shaped ID tokens. Never packaged. Started as early as {@link DevIdentityProvider}, for the same reason.
 *
 * <p>Besides Guestpass's own Microsoft application it knows a second one, a back end's ({@link #BACK_END_CLIENT_ID}), so that
 * the sign-up back-end API ({@code POST /signup/{userFlowId}}) can be tried with curl: the back end signs a person in there
 * (code + PKCE; its redirect URI answers nothing, the code is read from the redirect) and presents the ID token it got.
 */
@ApplicationScoped
@IfBuildProfile("dev")
public class DevMicrosoftAccount {

    private static final Logger LOG = Logger.getLogger(DevMicrosoftAccount.class);
    /** The development back end's Microsoft application (README, "Sign-up (user flows)"): a GUID, as Microsoft's are. */
    public static final String BACK_END_CLIENT_ID = "0b2c4e1f-7a3d-4c5e-9f10-2a3b4c5d6e7f";
    public static final String BACK_END_CLIENT_SECRET = "development-only-back-end-secret";
    public static final String BACK_END_REDIRECT_URI = "http://localhost/back-end/callback";
    private static LocalMicrosoftAccount server;

    void start(@Observes @Initialized(ApplicationScoped.class) Object containerReady) throws IOException {
        Config config = ConfigProvider.getConfig();
        String publicBaseUrl = config.getValue("guestpass.public-base-url", String.class);
        synchronized (DevMicrosoftAccount.class) {
            if (server == null) {
                server = new LocalMicrosoftAccount(config.getValue("guestpass.dev.microsoft-port", Integer.class),
                        config.getValue("quarkus.oidc.msa.client-id", String.class),
                        config.getValue("quarkus.oidc.msa.credentials.secret", String.class),
                        List.of(publicBaseUrl + "/redeem/callback", publicBaseUrl + "/signin/callback",
                                publicBaseUrl + "/signup/callback"));
                server.registerClient(BACK_END_CLIENT_ID, BACK_END_CLIENT_SECRET, List.of(BACK_END_REDIRECT_URI));
                LOG.infof("%s at %s", LocalMicrosoftAccount.BANNER, server.authority());
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        synchronized (DevMicrosoftAccount.class) {
            if (server != null) {
                server.close();
                server = null;
            }
        }
    }
}
