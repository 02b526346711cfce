package io.guestpass.worker;

import io.guestpass.mail.Outbox;
import io.guestpass.platform.FailureLog;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /internal/worker/run}, invoked by the schedule (never routed by the gateway): deliver queued mail, expire
 * invitations, purge. A failed run answers 500 and logs {@code WORKER_RUN_FAILED}, which the alarm counts: Lambda's own
 * error metric does not see an HTTP 500 inside a successful invocation.
 */
@Path("/internal/worker/run")
public class WorkerResource {

    private static final Logger LOG = Logger.getLogger(WorkerResource.class);
    static final int MAIL_BATCH = 50;

    private final Outbox outbox;
    private final Housekeeping housekeeping;

    WorkerResource(Outbox outbox, Housekeeping housekeeping) {
        this.outbox = outbox;
        this.housekeeping = housekeeping;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> run() {
        Map<String, Object> report = new LinkedHashMap<>();
        return housekeeping.expireInvitations().invoke(n -> report.put("invitationsExpired", n))
                .chain(() -> outbox.deliverDue(MAIL_BATCH)).invoke(count -> {
                    report.put("mailSent", count.sent);
                    report.put("mailNotSent", count.failed);
                })
                .chain(housekeeping::purge).invoke(n -> report.put("rowsPurged", n))
                .map(done -> Response.ok(report).build())
                .onFailure().recoverWithItem(failure -> {
                    LOG.errorf("WORKER_RUN_FAILED %s", FailureLog.describe(failure));
                    return Response.serverError().entity(Map.of("error", "WORKER_RUN_FAILED")).build();
                });
    }
}
