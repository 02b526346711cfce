package io.guestpass.devmode;

import io.guestpass.graph.applications.ApplicationService;
import io.guestpass.platform.FunctionRole;
import io.guestpass.platform.GuestpassConfig;
import io.quarkus.arc.profile.UnlessBuildProfile;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.UUID;

/**
 * DEVELOPMENT ONLY — never packaged. When one process plays every role ({@code local}), the sample application is
 * registered in the directory at start-up, with its fixed client id, as a public client whose redirect URI is the sample's
 * callback: created when missing, put back as it should be otherwise, so restarting never duplicates it.
 */
@ApplicationScoped
@UnlessBuildProfile("prod")
public class SampleAppRegistration {

    private static final Logger LOG = Logger.getLogger(SampleAppRegistration.class);

    /** After the development database has started and been migrated (DevDatabase, priority 1). */
    void register(@Observes @jakarta.annotation.Priority(5) StartupEvent event, GuestpassConfig config, SampleSignIn sample,
            ApplicationService applications) throws Throwable {
        if (config.function() != FunctionRole.local) {
            return;
        }
        List<String> redirectUris = List.of(sample.redirectUri());
        // through a service: a class that refers to an entity is rewritten by Panache at build time, and rewritten classes
        // escape the packaging's ignored entries (FunctionZipIT)
        VertxContextSupport.subscribeAndAwait(() -> applications.ensurePublicClient(UUID.fromString(SampleSignIn.CLIENT_ID),
                SampleSignIn.DISPLAY_NAME, redirectUris));
        LOG.infof("%s registered (client id %s): open %s%s", SampleSignIn.DISPLAY_NAME, SampleSignIn.CLIENT_ID,
                config.publicBaseUrl(), SampleSignIn.PATH);
    }
}
