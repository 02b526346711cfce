package io.guestpass.devmode;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * DEVELOPMENT ONLY: an OpenID Connect provider to configure through the administration API ("Partner login" in the
 * README), so that {@code ./mvnw quarkus:dev} shows a configured provider end to end. Nothing is configured for it: an
 * administrator adds it as any other provider, with its metadata URL and the client below. Never packaged.
 */
@ApplicationScoped
@IfBuildProfile("dev")
public class DevPartnerProvider {

    private static final Logger LOG = Logger.getLogger(DevPartnerProvider.class);
    public static final String CLIENT_ID = "guestpass-dev";
    public static final String CLIENT_SECRET = "development-only-partner-secret";
    private static StandInOpenIdProvider server;

    void start(@Observes @Initialized(ApplicationScoped.class) Object containerReady) throws Exception {
        int port = ConfigProvider.getConfig().getValue("guestpass.dev.partner-provider-port", Integer.class);
        synchronized (DevPartnerProvider.class) {
            if (server == null) {
                server = new StandInOpenIdProvider(port, CLIENT_ID, CLIENT_SECRET);
                LOG.infof("DEVELOPMENT STAND-IN for an OpenID Connect provider (Partner login): metadata URL %s, client %s, secret %s",
                        server.metadataUrl(), CLIENT_ID, CLIENT_SECRET);
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        synchronized (DevPartnerProvider.class) {
            if (server != null) {
                server.close();
                server = null;
            }
        }
    }
}
