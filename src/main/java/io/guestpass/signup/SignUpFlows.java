package io.guestpass.signup;

import io.guestpass.directory.ApiConnector;
import io.guestpass.directory.Application;
import io.guestpass.directory.DirectoryPolicy;
import io.guestpass.directory.IdentityProviderState;
import io.guestpass.directory.UserFlow;
import io.guestpass.directory.UserFlowAttribute;
import io.guestpass.federation.IdentityProvider;
import io.guestpass.federation.IdentityProviders;
import io.guestpass.federation.MicrosoftAccountProvider;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Finds the user flow a sign-up runs, and whether it may run at all: the directory's self-service sign-up switch, the
 * flow, and the application's link to it (an application uses at most one flow) are checked on every request.
 */
@ApplicationScoped
public class SignUpFlows {

    /** Why a sign-up cannot start, each with its own page. */
    public enum Refusal { SWITCHED_OFF, NO_FLOW }

    /** The flow, or why there is none. */
    public record Lookup(SignUpFlow flow, Refusal refusal) {

        static Lookup refused(Refusal refusal) {
            return new Lookup(null, refusal);
        }
    }

    private final IdentityProviders providers;

    SignUpFlows(IdentityProviders providers) {
        this.providers = providers;
    }

    /**
     * The flow the application (by client id) is linked to, with the application, the link and both steps' connectors in
     * one query that also checks the switch and counts disabled providers (every sign-up request runs it, some twice). Only
     * when it finds nothing is the switch read on its own, to tell "switched off" (which every entry says first) from "no
     * flow".
     */
    public Uni<Lookup> ofApplication(String clientId) {
        UUID appId = uuidOrNull(clientId);
        return Panache.withSession(() -> (appId == null ? Uni.createFrom().<Object[]>nullItem() : Panache.getSession()
                .chain(session -> session.createSelectionQuery(FLOW_OF_APPLICATION, Object[].class)
                        .setParameter("appId", appId).getSingleResultOrNull()))
                .chain(row -> row != null ? load(row) : DirectoryPolicy.current().map(policy -> Lookup.refused(
                        policy == null || !policy.selfServiceSignUpEnabled ? Refusal.SWITCHED_OFF : Refusal.NO_FLOW))));
    }

    private static final String FLOW_OF_APPLICATION = "select f, a, pf, pa, "
            + "(select count(*) from IdentityProviderState s where s.enabled = false) "
            + "from DirectoryPolicy p, Application a, UserFlowApplication l, UserFlow f "
            + "left join ApiConnector pf on pf.id = f.postFederationSignupConnector "
            + "left join ApiConnector pa on pa.id = f.postAttributeCollectionConnector "
            + "where p.selfServiceSignUpEnabled = true and a.appId = :appId and l.applicationId = a.id and f.id = l.userFlowId";

    /** This flow, for this application: the application must be linked to it. */
    public Uni<Lookup> of(String userFlowId, String clientId) {
        return ofApplication(clientId).map(found -> found.flow() == null || found.flow().flow().id.equals(userFlowId)
                ? found : Lookup.refused(Refusal.NO_FLOW));
    }

    private Uni<Lookup> load(Object[] row) {
        UserFlow flow = (UserFlow) row[0];
        Uni<Set<String>> disabled = ((Long) row[4]) == 0 ? Uni.createFrom().item(Set.of()) : IdentityProviderState.disabledIds();
        return disabled.chain(ids -> providers.withIds(flow.identityProviders).chain(listed -> {
            List<IdentityProvider> offered = offered(listed, ids);
            if (offered.isEmpty()) {
                return Uni.createFrom().item(Lookup.refused(Refusal.NO_FLOW)); // nothing to sign up with
            }
            return dataTypes(flow).map(types -> new Lookup(new SignUpFlow(flow, (Application) row[1], offered, types,
                    (ApiConnector) row[2], (ApiConnector) row[3]), null));
        }));
    }

    private static List<IdentityProvider> offered(List<IdentityProvider> listed, Set<String> disabled) {
        return listed.stream().filter(p -> !disabled.contains(p.id()))
                .sorted(Comparator.comparing(p -> MicrosoftAccountProvider.ISSUER_LABEL.equals(p.type()) ? 0 : 1))
                .toList();
    }

    /** Each assigned attribute's data type: built-in ones are strings, custom ones are rows. */
    private static Uni<Map<String, UserFlowAttribute.DataType>> dataTypes(UserFlow flow) {
        List<String> custom = flow.assignments().stream().map(UserFlow.Assignment::attributeId)
                .filter(id -> UserFlowAttribute.builtIn(id).isEmpty()).toList();
        Uni<List<UserFlowAttribute>> rows = custom.isEmpty() ? Uni.createFrom().item(List.of())
                : UserFlowAttribute.list("id in ?1", custom);
        return rows.map(found -> {
            Map<String, UserFlowAttribute.DataType> types = new LinkedHashMap<>();
            for (UserFlow.Assignment assignment : flow.assignments()) {
                UserFlowAttribute.builtIn(assignment.attributeId()).or(() -> found.stream()
                                .filter(a -> a.id.equals(assignment.attributeId())).findFirst())
                        .ifPresent(attribute -> types.put(attribute.id, attribute.dataType));
            }
            return types;
        });
    }

    private static UUID uuidOrNull(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
