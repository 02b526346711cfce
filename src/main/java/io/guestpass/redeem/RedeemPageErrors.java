package io.guestpass.redeem;

import io.guestpass.platform.PageErrors;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Failures on the redeem paths become pages; the invitation always stays redeemable. */
@ApplicationScoped
public class RedeemPageErrors implements PageErrors {

    private static final Logger LOG = Logger.getLogger(RedeemPageErrors.class);

    private final RedeemFlow flow;

    RedeemPageErrors(RedeemFlow flow) {
        this.flow = flow;
    }

    @Override
    public boolean serves(String path) {
        return path.equals("/redeem") || path.startsWith("/redeem/");
    }

    @Override
    public Response signInFailed(Throwable failure, RoutingContext rc) {
        // which check failed is for the log, not for the page: an attacker learns nothing from it
        LOG.warnf("Sign-in not accepted: %s", rootMessage(failure));
        return flow.providerFailed(RedeemPages.locale(rc.request().getHeader("Accept-Language"), null),
                unreachable(failure) ? Duration.ofSeconds(60) : Duration.ofSeconds(5));
    }

    @Override
    public Response internalError(RoutingContext rc) {
        return flow.providerFailed(RedeemPages.locale(rc.request().getHeader("Accept-Language"), null), Duration.ofSeconds(30));
    }

    private static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
