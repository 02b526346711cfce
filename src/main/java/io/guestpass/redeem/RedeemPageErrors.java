package io.guestpass.redeem;

import io.guestpass.platform.FailureLog;
import io.guestpass.platform.PageErrors;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.net.ConnectException;
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
    public String signInFailedLocation() {
        return "/redeem/signin-error";
    }

    @Override
    public Response signInFailed(Throwable failure, RoutingContext rc) {
        // which check failed is for the log (as exception types: a token's claims are personal data), not for the page
        LOG.warnf("Sign-in not accepted: %s", FailureLog.describe(failure));
        return flow.providerFailed(RedeemPages.locale(rc.request().getHeader("Accept-Language"), null), unreachable(failure));
    }

    @Override
    public Response internalError(RoutingContext rc) {
        return flow.providerFailed(RedeemPages.locale(rc.request().getHeader("Accept-Language"), null), true);
    }

    private static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }
}
