package io.guestpass.federation;

import io.guestpass.platform.FailureLog;
import io.guestpass.platform.PageErrors;
import io.guestpass.web.Languages;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.net.ConnectException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/** Failures on a journey's paths become that journey's pages; whatever the person was doing stays possible to retry. */
@ApplicationScoped
public class JourneyPageErrors implements PageErrors {

    private static final Logger LOG = Logger.getLogger(JourneyPageErrors.class);

    private final Instance<Journey<?>> journeys;

    JourneyPageErrors(Instance<Journey<?>> journeys) {
        this.journeys = journeys;
    }

    @Override
    public boolean serves(String path) {
        return journeyOf(path).isPresent();
    }

    @Override
    public String signInFailedLocation(String path) {
        return journeyOf(path).map(Journey::errorPath).orElseThrow();
    }

    @Override
    public Response signInFailed(Throwable failure, RoutingContext rc) {
        // which check failed is for the log (as exception types: a token's claims are personal data), not for the page
        LOG.warnf("Sign-in not accepted: %s", FailureLog.describe(failure));
        return journeyOf(rc.normalizedPath()).orElseThrow().providerFailed(locale(rc), unreachable(failure));
    }

    @Override
    public Response internalError(RoutingContext rc) {
        return journeyOf(rc.normalizedPath()).orElseThrow().providerFailed(locale(rc), true);
    }

    private Optional<Journey<?>> journeyOf(String path) {
        return journeys.stream().filter(j -> path.equals(j.path()) || path.startsWith(j.path() + "/")).findFirst();
    }

    private static Locale locale(RoutingContext rc) {
        return Languages.forPage(rc.request().getHeader("Accept-Language"), null);
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
