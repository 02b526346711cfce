package io.guestpass.migrate;

import io.guestpass.platform.FailureLog;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * {@code POST /internal/migrate}, invoked once per deployment with the owner's credentials (never routed by the
 * gateway). Answers 200 when the schema is current, 500 otherwise and logs {@code MIGRATION_FAILED}; the deployment
 * checks the {@code statusCode} inside the Lambda response, because the Invoke API itself succeeds either way.
 */
@Path("/internal/migrate")
public class MigrateResource {

    private static final Logger LOG = Logger.getLogger(MigrateResource.class);

    private final SchemaMigrator migrator;

    MigrateResource(SchemaMigrator migrator) {
        this.migrator = migrator;
    }

    @POST
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public Response migrate() {
        try {
            return Response.ok(migrator.migrate()).build();
        } catch (RuntimeException e) {
            LOG.errorf("MIGRATION_FAILED %s", FailureLog.describe(e));
            return Response.serverError().entity(Map.of("error", "MIGRATION_FAILED")).build();
        }
    }
}
