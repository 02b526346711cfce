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

/**
 * DEVELOPMENT ONLY: a local issuer of administrator tokens, so that the README's curl examples work as written:
 * {@code curl -s -X POST localhost:8180/admin/token -d grant_type=client_credentials}. Never packaged.
 *
 * <p>Started as soon as the CDI container is (static init), before quarkus-oidc first reaches for the issuer's discovery
 * document at runtime init: a start-up observer would come too late and the console would show "OIDC Server is not
 * available". Read from {@link ConfigProvider} for that reason (no runtime configuration is injectable that early).
 * Stopped with the application, so that a live reload starts it again on the same port.
 */
@ApplicationScoped
@IfBuildProfile("dev")
public class DevIdentityProvider {

    private static final Logger LOG = Logger.getLogger(DevIdentityProvider.class);
    private static LocalOpenIdServer server;

    void start(@Observes @Initialized(ApplicationScoped.class) Object containerReady) throws IOException {
        Config config = ConfigProvider.getConfig();
        synchronized (DevIdentityProvider.class) {
            if (server == null) {
                server = new LocalOpenIdServer(config.getValue("guestpass.dev.issuer-port", Integer.class),
                        config.getValue("quarkus.oidc.token.audience", String.class));
                LOG.infof("Development token issuer at %s (get a token: curl -s -X POST %s/token -d grant_type=client_credentials)",
                        server.issuer(), server.issuer());
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        synchronized (DevIdentityProvider.class) {
            if (server != null) {
                server.close();
                server = null;
            }
        }
    }
}
