package io.guestpass.devmode;

import io.guestpass.platform.GuestpassConfig;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;

/**
 * DEVELOPMENT ONLY: a local issuer of administrator tokens, so that the README's curl examples work as written:
 * {@code curl -s -X POST localhost:8180/admin/token -d grant_type=client_credentials}. Never packaged.
 */
@ApplicationScoped
@IfBuildProfile("dev")
public class DevIdentityProvider {

    private static final Logger LOG = Logger.getLogger(DevIdentityProvider.class);
    private static LocalOpenIdServer server;

    void start(@Observes @jakarta.annotation.Priority(2) StartupEvent event,
            GuestpassConfig config,
            @ConfigProperty(name = "quarkus.oidc.token.audience") String audience) throws IOException {
        synchronized (DevIdentityProvider.class) {
            if (server == null) {
                server = new LocalOpenIdServer(config.dev().issuerPort(), audience);
                LOG.infof("Development token issuer at %s (get a token: curl -s -X POST %s/token -d grant_type=client_credentials)",
                        server.issuer(), server.issuer());
            }
        }
    }
}
