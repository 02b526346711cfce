package io.guestpass.signup;

import io.guestpass.connectors.ConnectorAnswer;
import io.guestpass.directory.EmailAddress;
import io.guestpass.directory.GuestUser;
import io.guestpass.federation.FederatedIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The steps of a sign-up after the provider vouched for someone new, the same for the browser journey and the back-end
 * API: the postFederationSignup connector (prefilled values), then — once values are collected — the server-side check,
 * the postAttributeCollection connector (whose overwritten claims are checked like typed input) and the guest. Each
 * request has one connector budget ({@link SignUpConnectors#BUDGET}).
 */
@ApplicationScoped
class SignUpSteps {

    private static final Logger LOG = Logger.getLogger(SignUpSteps.class);

    /** Where a step ended. */
    sealed interface Outcome permits Prefilled, Invalid, Blocked, Failed, Done {
    }

    /** The first connector continued: the form's starting values. */
    record Prefilled(Map<String, List<String>> values) implements Outcome {
    }

    /** The values were refused: per attribute, or as a whole by the connector's ValidationError ({@code problem}). */
    record Invalid(Map<String, String> errors, String problem) implements Outcome {
    }

    /** A connector's ShowBlockPage, with its message. */
    record Blocked(String message) implements Outcome {
    }

    /** A connector failed or answered what cannot be used: nothing was created. */
    record Failed() implements Outcome {
    }

    record Done(SignUpRegistration.Registered registered) implements Outcome {
    }

    private final SignUpConnectors connectors;
    private final SignUpRegistration registration;
    private final Clock clock;

    SignUpSteps(SignUpConnectors connectors, SignUpRegistration registration, Clock clock) {
        this.connectors = connectors;
        this.registration = registration;
        this.clock = clock;
    }

    Instant deadline() {
        return clock.instant().plus(SignUpConnectors.BUDGET);
    }

    /** postFederationSignup: the form's defaults, the provider's name and the connector's claims, in that order. */
    Uni<Outcome> afterFederation(SignUpFlow flow, FederatedIdentity identity, String uiLocales, SignUpTexts texts, Instant deadline) {
        return connectors.afterFederation(flow, identity, uiLocales, deadline).map(answer -> {
            if (answer.action() != ConnectorAnswer.Action.CONTINUE) {
                return stopped(answer);
            }
            Map<String, List<String>> prefilled = SignUpConnectors.asFormValues(flow, answer.claims());
            if (prefilled == null) {
                return failed("postFederationSignup answered claims of the wrong shape");
            }
            Map<String, List<String>> values = new AttributeForm(flow, texts).defaults();
            if (identity.name() != null && !identity.name().isBlank()) {
                values.put("displayName", List.of(identity.name()));
            }
            values.putAll(prefilled);
            return new Prefilled(values);
        });
    }

    /**
     * The collected values: checked, the second connector, the guest — and {@code welcome} for a new guest, in the guest's
     * transaction (see {@link SignUpRegistration#register}).
     */
    Uni<Outcome> complete(SignUpFlow flow, FederatedIdentity identity, Map<String, List<String>> submitted, String uiLocales,
            SignUpTexts texts, String via, Instant deadline, Function<GuestUser, Uni<Response>> welcome) {
        AttributeForm form = new AttributeForm(flow, texts);
        EmailAddress address = identity.verifiedAddress().orElseThrow();
        AttributeForm.Checked checked = form.check(submitted, address.value());
        if (!checked.isValid()) {
            return Uni.createFrom().item(new Invalid(checked.errors(), null));
        }
        return connectors.afterAttributes(flow, identity, checked.values(), uiLocales, deadline).chain(answer -> {
            if (answer.action() == ConnectorAnswer.Action.VALIDATION_ERROR) {
                return Uni.createFrom().item(new Invalid(Map.of(), answer.userMessage()));
            }
            if (answer.action() != ConnectorAnswer.Action.CONTINUE) {
                return Uni.createFrom().item(stopped(answer));
            }
            Map<String, List<String>> overwritten = SignUpConnectors.asFormValues(flow, answer.claims());
            if (overwritten == null) {
                return Uni.createFrom().item(failed("postAttributeCollection answered claims of the wrong shape"));
            }
            Map<String, List<String>> merged = new LinkedHashMap<>(submitted);
            merged.putAll(overwritten);
            AttributeForm.Checked final_ = form.check(merged, address.value());
            if (!final_.isValid()) {
                return Uni.createFrom().item(failed("postAttributeCollection overwrote " + final_.errors().keySet() + " with invalid values"));
            }
            return registration.register(flow, identity, address, GuestAttributes.displayName(final_.values(), identity, address),
                    GuestAttributes.stored(final_.values()), via, welcome).map(Done::new);
        });
    }

    private static Outcome stopped(ConnectorAnswer answer) {
        return answer.action() == ConnectorAnswer.Action.SHOW_BLOCK_PAGE ? new Blocked(answer.userMessage()) : failed(answer.failure());
    }

    private static Outcome failed(String reason) {
        LOG.warnf("Sign-up stopped by its API connector: %s", reason);
        return new Failed();
    }
}
