package io.guestpass.devmode;

import io.guestpass.directory.Application;
import io.guestpass.platform.FunctionRole;
import io.guestpass.platform.GuestpassConfig;
import io.quarkus.arc.profile.UnlessBuildProfile;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
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
            Clock clock) throws Throwable {
        if (config.function() != FunctionRole.local) {
            return;
        }
        List<String> redirectUris = List.of(sample.redirectUri());
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Application.findByAppId(SampleSignIn.CLIENT_ID)
                .chain(found -> {
                    Application app = found != null ? found : Application.registered(SampleSignIn.DISPLAY_NAME, clock.instant());
                    app.appId = UUID.fromString(SampleSignIn.CLIENT_ID);
                    app.displayName = SampleSignIn.DISPLAY_NAME;
                    app.webRedirectUris = new ArrayList<>();
                    app.spaRedirectUris = new ArrayList<>();
                    app.publicClientRedirectUris = new ArrayList<>(redirectUris);
                    // a found application is managed: its changes are flushed with the transaction
                    return found != null ? Uni.createFrom().voidItem() : app.persist().replaceWithVoid();
                })));
        LOG.infof("%s registered (client id %s): open %s%s", SampleSignIn.DISPLAY_NAME, SampleSignIn.CLIENT_ID,
                config.publicBaseUrl(), SampleSignIn.PATH);
    }
}
