package io.guestpass.devmode;

import io.guestpass.platform.GuestpassConfig;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.List;

/**
 * DEVELOPMENT ONLY: a clearly labelled stand-in for Microsoft account sign-in, so that {@code ./mvnw quarkus:dev} lets a
 * person click through invite, mail, redeem, consent and redirect. Its login page takes any address and issues
 * Microsoft-shaped ID tokens. Never packaged.
 */
@ApplicationScoped
@IfBuildProfile("dev")
public class DevMicrosoftAccount {

    private static final Logger LOG = Logger.getLogger(DevMicrosoftAccount.class);
    private static LocalMicrosoftAccount server;

    void start(@Observes @jakarta.annotation.Priority(3) StartupEvent event,
            GuestpassConfig config,
            @ConfigProperty(name = "quarkus.oidc.msa.client-id") String clientId,
            @ConfigProperty(name = "quarkus.oidc.msa.credentials.secret") String secret) throws IOException {
        synchronized (DevMicrosoftAccount.class) {
            if (server == null) {
                server = new LocalMicrosoftAccount(config.dev().microsoftPort(), clientId, secret,
                        List.of(config.publicBaseUrl() + "/redeem/callback", config.publicBaseUrl() + "/signin/callback"));
                LOG.infof("%s at %s", LocalMicrosoftAccount.BANNER, server.authority());
            }
        }
    }
}
