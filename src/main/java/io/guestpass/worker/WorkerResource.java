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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code POST /internal/worker/run}, invoked by the schedule (never routed by the gateway): expire invitations, deliver
 * queued mail, purge, rotate the signing keys. The steps run independently: one that fails never keeps the others from running. A run
 * with a failed step answers 500, names the failed steps, and logs {@code WORKER_RUN_FAILED}, which the alarm counts:
 * Lambda's own error metric does not see an HTTP 500 inside a successful invocation.
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
        List<String> failed = new ArrayList<>();
        return step("expiry", failed, () -> housekeeping.expireInvitations().invoke(n -> report.put("invitationsExpired", n)))
                .chain(() -> step("delivery", failed, () -> outbox.deliverDue(MAIL_BATCH).invoke(count -> {
                    report.put("mailSent", count.sent);
                    report.put("mailNotSent", count.failed);
                    report.put("mailUndecryptable", count.undecryptable);
                    if (count.brokeOff > 0) {
                        throw new IllegalStateException(count.brokeOff + " delivery attempt(s) broke off");
                    }
                })))
                .chain(() -> step("purge", failed, () -> housekeeping.purge().invoke(n -> report.put("rowsPurged", n))))
                .chain(() -> step("signingKeys", failed, () -> housekeeping.rotateSigningKeys().invoke(rotation -> {
                    report.put("signingKeysCreated", rotation.created());
                    report.put("signingKeysActivated", rotation.activated());
                    report.put("signingKeysRetired", rotation.retired());
                })))
                .map(done -> {
                    if (failed.isEmpty()) {
                        return Response.ok(report).build();
                    }
                    LOG.errorf("WORKER_RUN_FAILED steps=%s", failed);
                    report.put("error", "WORKER_RUN_FAILED");
                    report.put("failedSteps", failed);
                    return Response.serverError().entity(report).build();
                });
    }

    /** Runs one step; its failure is logged and noted, never passed on to the next step. */
    private static Uni<Void> step(String name, List<String> failed, Supplier<Uni<?>> work) {
        return Uni.createFrom().deferred(work).replaceWithVoid().onFailure().recoverWithUni(failure -> {
            LOG.errorf("Worker step %s failed: %s", name, FailureLog.describe(failure));
            failed.add(name);
            return Uni.createFrom().voidItem();
        });
    }
}
