package io.guestpass.devmode;

import io.guestpass.platform.GuestpassConfig;
import io.guestpass.migrate.SchemaMigrator;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;

/**
 * DEVELOPMENT ONLY: {@code ./mvnw quarkus:dev} needs no PostgreSQL of your own. When the datasource is the default
 * development one, a real embedded PostgreSQL starts on its port (data under target/, kept between restarts) and the
 * migrations are applied. The dependency is {@code provided}: it is absent from function.zip, and so is this class.
 */
@ApplicationScoped
@IfBuildProfile("dev")
public class DevDatabase {

    private static final Logger LOG = Logger.getLogger(DevDatabase.class);
    private static EmbeddedPostgres postgres;

    void start(@Observes @jakarta.annotation.Priority(1) StartupEvent event, SchemaMigrator migrator,
            GuestpassConfig config,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url) throws IOException {
        int port = config.dev().databasePort();
        if (!url.contains("localhost:" + port + "/")) {
            LOG.infof("A datasource is configured (%s): no embedded PostgreSQL started", url);
            migrator.migrate();
            return;
        }
        synchronized (DevDatabase.class) {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder()
                        .setPort(port)
                        .setDataDirectory(Path.of("target", "dev-postgres"))
                        .setCleanDataDirectory(false)
                        .start();
                LOG.infof("Embedded PostgreSQL (development) listening on localhost:%d", port);
            }
        }
        migrator.migrate();
    }

    void stop(@Observes ShutdownEvent event) throws IOException {
        // a live reload loads this class again, with no database in its static field: stop this one (the data stays under
        // target/) so that the next start does not find its data directory locked
        synchronized (DevDatabase.class) {
            if (postgres != null) {
                postgres.close();
                postgres = null;
            }
        }
    }
}
