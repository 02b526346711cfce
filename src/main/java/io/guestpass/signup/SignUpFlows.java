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
     * The flow the application (by client id) is linked to: the switch first (while off, every entry says so), then the
     * application, its link and the flow in one query.
     */
    public Uni<Lookup> ofApplication(String clientId) {
        UUID appId = uuidOrNull(clientId);
        return Panache.withSession(() -> DirectoryPolicy.current().chain(policy -> {
            if (policy == null || !policy.selfServiceSignUpEnabled) {
                return Uni.createFrom().item(Lookup.refused(Refusal.SWITCHED_OFF));
            }
            if (appId == null) {
                return Uni.createFrom().item(Lookup.refused(Refusal.NO_FLOW));
            }
            return Panache.getSession().chain(session -> session.createSelectionQuery(
                            "select f, a from Application a, UserFlowApplication l, UserFlow f "
                                    + "where a.appId = :appId and l.applicationId = a.id and f.id = l.userFlowId", Object[].class)
                    .setParameter("appId", appId).getSingleResultOrNull())
                    .chain(row -> row == null ? Uni.createFrom().item(Lookup.refused(Refusal.NO_FLOW))
                            : load((UserFlow) row[0], (Application) row[1]));
        }));
    }

    /** This flow, for this application: the application must be linked to it. */
    public Uni<Lookup> of(String userFlowId, String clientId) {
        return ofApplication(clientId).map(found -> found.flow() == null || found.flow().flow().id.equals(userFlowId)
                ? found : Lookup.refused(Refusal.NO_FLOW));
    }

    private Uni<Lookup> load(UserFlow flow, Application app) {
        return IdentityProviderState.disabledIds().chain(disabled -> providers.withIds(flow.identityProviders).chain(listed -> {
            List<IdentityProvider> offered = offered(listed, disabled);
            if (offered.isEmpty()) {
                return Uni.createFrom().item(Lookup.refused(Refusal.NO_FLOW)); // nothing to sign up with
            }
            return dataTypes(flow).chain(types -> connectors(flow).map(connectors -> new Lookup(new SignUpFlow(flow, app, offered, types,
                    bound(connectors, flow.postFederationSignupConnector), bound(connectors, flow.postAttributeCollectionConnector)), null)));
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

    /** The flow's connectors by id, in one query (none when no step has one). */
    private static Uni<Map<UUID, ApiConnector>> connectors(UserFlow flow) {
        List<UUID> ids = java.util.stream.Stream.of(flow.postFederationSignupConnector, flow.postAttributeCollectionConnector)
                .filter(java.util.Objects::nonNull).distinct().toList();
        return ids.isEmpty() ? Uni.createFrom().item(Map.of())
                : ApiConnector.<ApiConnector>list("id in ?1", ids).map(found -> found.stream()
                        .collect(java.util.stream.Collectors.toMap(c -> c.id, c -> c)));
    }

    private static ApiConnector bound(Map<UUID, ApiConnector> connectors, UUID id) {
        return id == null ? null : connectors.get(id);
    }

    private static UUID uuidOrNull(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
