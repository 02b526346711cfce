package io.guestpass.graph.userflows;

import io.guestpass.directory.ApiConnector;
import io.guestpass.directory.Application;
import io.guestpass.directory.AuditTrail;
import io.guestpass.directory.Constraints;
import io.guestpass.directory.UserFlow;
import io.guestpass.directory.UserFlowApplication;
import io.guestpass.directory.UserFlowAttribute;
import io.guestpass.federation.IdentityProviders;
import io.guestpass.platform.Caller;
import io.guestpass.platform.GraphException;
import io.guestpass.platform.GuestpassConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** Self-service sign-up user flows, their providers, attributes and applications; every change validated, then audited. */
@ApplicationScoped
public class UserFlowService {

    private static final Pattern FLOW_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final String DEFAULT_PROVIDER = "MSASignup-OAUTH";

    private final AuditTrail audit;
    private final IdentityProviders providers;
    private final UUID directoryId;
    private final Clock clock;

    UserFlowService(AuditTrail audit, IdentityProviders providers, GuestpassConfig config, Clock clock) {
        this.audit = audit;
        this.providers = providers;
        this.directoryId = config.directory().id();
        this.clock = clock;
    }

    // --- flows ---------------------------------------------------------------------------------------------------

    public Uni<UserFlow> create(Caller caller, UserFlowViews.FlowRequest request) {
        if (request == null || request.id() == null || request.userFlowType() == null || request.userFlowTypeVersion() == null) {
            throw GraphException.badRequest("id, userFlowType and userFlowTypeVersion are required.");
        }
        String name = request.id().regionMatches(true, 0, UserFlow.ID_PREFIX, 0, UserFlow.ID_PREFIX.length())
                ? request.id().substring(UserFlow.ID_PREFIX.length()) : request.id();
        if (!FLOW_NAME.matcher(name).matches()) {
            throw GraphException.badRequest("id must be 1 to 64 letters, digits, '_' or '-'.");
        }
        if (!UserFlow.SIGN_UP_OR_SIGN_IN.equals(request.userFlowType())) {
            throw GraphException.badRequest("userFlowType must be signUpOrSignIn: the only self-service sign-up flow type.");
        }
        if (request.userFlowTypeVersion() != 1) {
            throw GraphException.badRequest("userFlowTypeVersion must be 1.");
        }
        if (request.apiConnectorConfiguration() != null && !request.apiConnectorConfiguration().isEmpty()) {
            throw GraphException.badRequest("apiConnectorConfiguration: bind API connectors after creating the flow, with "
                    + "PUT …/apiConnectorConfiguration/{step}/$ref.");
        }
        UserFlow flow = UserFlow.create(name, List.of(DEFAULT_PROVIDER), clock.instant());
        // ids compare case-insensitively, as Entra's do; the primary key catches two creations at the same moment
        return Panache.withTransaction(() -> UserFlow.count("lower(id) = ?1", flow.id.toLowerCase(Locale.ROOT)).chain(existing -> {
            if (existing > 0) {
                throw duplicateFlow(flow.id);
            }
            return flow.<UserFlow>persist().call(() -> audit.record(caller, "userFlow.created", "userFlow", flow.id, null));
        })).onFailure(failure -> Constraints.violated(failure, "user_flow_pkey")).transform(failure -> duplicateFlow(flow.id));
    }

    public Uni<List<UserFlow>> list() {
        return Panache.withSession(() -> UserFlow.<UserFlow>list("order by createdAt, id"));
    }

    public Uni<UserFlow> get(String id) {
        return Panache.withSession(() -> UserFlow.<UserFlow>findById(id)).map(flow -> found(flow, id));
    }

    public Uni<Void> delete(Caller caller, String id) {
        return Panache.withTransaction(() -> UserFlow.delete("id", id).chain(deleted -> {
            if (deleted == 0) {
                throw flowNotFound(id);
            }
            return audit.record(caller, "userFlow.deleted", "userFlow", id, null).replaceWithVoid();
        }));
    }

    // --- identity providers of a flow ----------------------------------------------------------------------------------

    public Uni<UserFlow> addProvider(Caller caller, String flowId, UserFlowViews.Reference reference) {
        String providerId = referencedId(reference, "identityProviders");
        // any listed provider may be added (as in Entra); sign-up offers only those a journey can run (SignUpFlows)
        return Panache.withTransaction(() -> providers.isListed(providerId).chain(listed -> {
            if (!listed) {
                throw GraphException.badRequest("@odata.id: identity provider '" + providerId + "' does not exist.");
            }
            return locked(flowId);
        }).invoke(flow -> {
            if (flow.identityProviders.contains(providerId)) {
                throw GraphException.conflict("The flow already offers identity provider '" + providerId + "'.");
            }
            List<String> ids = new ArrayList<>(flow.identityProviders);
            ids.add(providerId);
            flow.identityProviders = ids;
        }).call(() -> audit.record(caller, "userFlow.identityProviderAdded", "userFlow", flowId, null)));
    }

    public Uni<UserFlow> removeProvider(Caller caller, String flowId, String providerId) {
        return edit(caller, flowId, "userFlow.identityProviderRemoved", flow -> {
            if (!flow.identityProviders.contains(providerId)) {
                throw GraphException.notFound("The flow does not offer identity provider '" + providerId + "'.");
            }
            if (flow.identityProviders.size() == 1) {
                throw GraphException.badRequest("A flow needs at least one identity provider; add another before removing '"
                        + providerId + "'.");
            }
            List<String> ids = new ArrayList<>(flow.identityProviders);
            ids.remove(providerId);
            flow.identityProviders = ids;
        });
    }

    // --- attributes ------------------------------------------------------------------------------------------------

    public Uni<List<UserFlowAttribute>> attributes() {
        return Panache.withSession(() -> UserFlowAttribute.<UserFlowAttribute>list("order by createdAt, id")).map(custom -> {
            List<UserFlowAttribute> all = new ArrayList<>(UserFlowAttribute.BUILT_IN);
            all.addAll(custom);
            return all;
        });
    }

    public Uni<UserFlowAttribute> attribute(String id) {
        return Panache.withSession(() -> attributeOrNull(id)).map(attribute -> {
            if (attribute == null) {
                throw attributeNotFound(id);
            }
            return attribute;
        });
    }

    public Uni<UserFlowAttribute> createAttribute(Caller caller, UserFlowViews.AttributeRequest request) {
        if (request == null || request.displayName() == null || request.dataType() == null) {
            throw GraphException.badRequest("displayName and dataType are required.");
        }
        if (!ATTRIBUTE_NAME.matcher(request.displayName()).matches()) {
            throw GraphException.badRequest("displayName must start with a letter and hold at most 64 letters, digits or '_': "
                    + "it becomes part of the attribute's name on users.");
        }
        UserFlowAttribute.DataType type = UserFlowAttribute.DataType.ofGraphName(request.dataType()).orElseThrow(() ->
                GraphException.badRequest("dataType must be string, boolean, int64, dateTime or stringCollection."));
        UserFlowAttribute attribute = UserFlowAttribute.custom(directoryId, request.displayName(), description(request.description()),
                type, clock.instant());
        return Panache.withTransaction(() -> UserFlowAttribute.count("lower(id) = ?1", attribute.id.toLowerCase(Locale.ROOT))
                .chain(existing -> {
                    if (existing > 0) {
                        throw duplicateAttribute(request.displayName());
                    }
                    return attribute.<UserFlowAttribute>persist()
                            .call(() -> audit.record(caller, "userFlowAttribute.created", "userFlowAttribute", attribute.id, null));
                })).onFailure(failure -> Constraints.violated(failure, "user_flow_attribute_pkey"))
                .transform(failure -> duplicateAttribute(request.displayName()));
    }

    public Uni<Void> updateAttribute(Caller caller, String id, UserFlowViews.AttributeRequest request) {
        if (request == null || request.displayName() != null || request.dataType() != null) {
            throw GraphException.badRequest("Only description can change: displayName and dataType are fixed once an attribute exists.");
        }
        if (UserFlowAttribute.builtIn(id).isPresent()) {
            throw GraphException.badRequest("Built-in attribute '" + id + "' cannot be changed.");
        }
        String description = description(request.description());
        return Panache.withTransaction(() -> UserFlowAttribute.<UserFlowAttribute>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .chain(attribute -> {
                    if (attribute == null) {
                        throw attributeNotFound(id);
                    }
                    attribute.description = description;
                    return audit.record(caller, "userFlowAttribute.updated", "userFlowAttribute", id, null);
                })).replaceWithVoid();
    }

    public Uni<Void> deleteAttribute(Caller caller, String id) {
        if (UserFlowAttribute.builtIn(id).isPresent()) {
            throw GraphException.badRequest("Built-in attribute '" + id + "' cannot be deleted.");
        }
        return Panache.withTransaction(() -> UserFlowAttribute.<UserFlowAttribute>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .chain(attribute -> {
                    if (attribute == null) {
                        throw attributeNotFound(id);
                    }
                    return UserFlow.<UserFlow>listAll().chain(flows -> {
                        List<String> using = flows.stream().filter(flow -> flow.collects(id)).map(flow -> flow.id).toList();
                        if (!using.isEmpty()) {
                            throw GraphException.conflict("Attribute '" + id + "' is collected by " + String.join(", ", using)
                                    + "; remove it from those flows first.");
                        }
                        return attribute.delete().call(() -> audit.record(caller, "userFlowAttribute.deleted", "userFlowAttribute", id, null));
                    });
                }));
    }

    // --- attribute assignments ---------------------------------------------------------------------------------------

    public Uni<UserFlow.Assignment> assign(Caller caller, String flowId, UserFlowViews.AssignmentRequest request) {
        if (request == null || request.userAttribute() == null || request.userAttribute().id() == null || request.userInputType() == null) {
            throw GraphException.badRequest("userAttribute.id and userInputType are required.");
        }
        UserFlow.InputType input = AssignmentRules.inputType(request.userInputType());
        String attributeId = request.userAttribute().id();
        return Panache.withTransaction(() -> attributeOrNull(attributeId).chain(attribute -> {
            if (attribute == null) {
                throw GraphException.badRequest("userAttribute.id: attribute '" + attributeId + "' does not exist.");
            }
            UserFlow.Assignment assignment = AssignmentRules.assignment(attribute, request.displayName(),
                    Boolean.TRUE.equals(request.isOptional()), request.requiresVerification(), input, request.userAttributeValues());
            return locked(flowId).chain(flow -> {
                if (flow.assignments().size() >= AssignmentRules.MAX_ASSIGNMENTS) {
                    throw GraphException.badRequest("A flow collects at most " + AssignmentRules.MAX_ASSIGNMENTS + " attributes.");
                }
                if (!flow.assign(assignment)) {
                    throw GraphException.conflict("The flow already collects '" + attributeId + "'.");
                }
                return audit.record(caller, "userFlow.attributeAssigned", "userFlow", flowId, null).replaceWith(assignment);
            });
        }));
    }

    public Uni<UserFlow.Assignment> updateAssignment(Caller caller, String flowId, String attributeId, UserFlowViews.AssignmentRequest request) {
        if (request == null) {
            throw GraphException.badRequest("The request body is required.");
        }
        if (request.userAttribute() != null) {
            throw GraphException.badRequest("userAttribute cannot change: remove the assignment and assign the other attribute.");
        }
        return Panache.withTransaction(() -> attributeOrNull(attributeId).chain(attribute -> locked(flowId).chain(flow -> {
            UserFlow.Assignment current = flow.assignment(attributeId).orElseThrow(() -> assignmentNotFound(flowId, attributeId));
            UserFlow.InputType input = request.userInputType() == null ? current.userInputType() : AssignmentRules.inputType(request.userInputType());
            List<UserFlow.AttributeValue> values = request.userAttributeValues() != null ? request.userAttributeValues()
                    : request.userInputType() == null ? current.userAttributeValues() : null;
            UserFlow.Assignment changed = AssignmentRules.assignment(attribute,
                    request.displayName() == null ? current.displayName() : request.displayName(),
                    request.isOptional() == null ? current.isOptional() : request.isOptional(), request.requiresVerification(), input, values);
            flow.replace(changed);
            return audit.record(caller, "userFlow.attributeAssignmentUpdated", "userFlow", flowId, null).replaceWith(changed);
        })));
    }

    public Uni<Void> unassign(Caller caller, String flowId, String attributeId) {
        return edit(caller, flowId, "userFlow.attributeUnassigned", flow -> {
            if (!flow.unassign(attributeId)) {
                throw assignmentNotFound(flowId, attributeId);
            }
        }).replaceWithVoid();
    }

    public Uni<Void> reorder(Caller caller, String flowId, UserFlowViews.SetOrder request) {
        if (request == null || request.newAssignmentOrder() == null || request.newAssignmentOrder().order() == null) {
            throw GraphException.badRequest("newAssignmentOrder.order is required.");
        }
        List<String> order = request.newAssignmentOrder().order();
        return edit(caller, flowId, "userFlow.attributesReordered", flow -> {
            if (!flow.reorder(order)) {
                throw GraphException.badRequest("newAssignmentOrder.order must name every attribute the flow collects, each once.");
            }
        }).replaceWithVoid();
    }

    // --- API connectors of a flow ---------------------------------------------------------------------------------------

    /** The steps a connector may be bound to. */
    public enum ConnectorStep { postFederationSignup, postAttributeCollection }

    /** Binds the referenced connector to the step, or unbinds the step when the reference is empty ({@code {}}). */
    public Uni<UserFlow> bindConnector(Caller caller, String flowId, String step, UserFlowViews.Reference reference) {
        ConnectorStep at;
        try {
            at = ConnectorStep.valueOf(step);
        } catch (IllegalArgumentException e) {
            throw GraphException.notFound("A user flow calls connectors at postFederationSignup or postAttributeCollection, not '" + step + "'.");
        }
        UUID connectorId = reference == null || reference.odataId() == null ? null : connectorId(referencedId(reference, "apiConnectors"));
        return Panache.withTransaction(() -> (connectorId == null ? Uni.createFrom().item(true)
                : ApiConnector.count("id", connectorId).map(count -> count > 0)).chain(found -> {
            if (!found) {
                throw GraphException.badRequest("@odata.id: API connector '" + connectorId + "' does not exist.");
            }
            return locked(flowId);
        }).invoke(flow -> {
            if (at == ConnectorStep.postFederationSignup) {
                flow.postFederationSignupConnector = connectorId;
            } else {
                flow.postAttributeCollectionConnector = connectorId;
            }
        }).call(() -> audit.record(caller, connectorId == null ? "userFlow.apiConnectorUnbound" : "userFlow.apiConnectorBound",
                "userFlow", flowId, null)));
    }

    /** The flow with the connectors it calls (null where a step has none). */
    public Uni<java.util.Map<ConnectorStep, ApiConnector>> connectors(String flowId) {
        return Panache.withSession(() -> UserFlow.<UserFlow>findById(flowId).map(flow -> found(flow, flowId)).chain(flow -> {
            List<UUID> ids = new ArrayList<>();
            if (flow.postFederationSignupConnector != null) {
                ids.add(flow.postFederationSignupConnector);
            }
            if (flow.postAttributeCollectionConnector != null) {
                ids.add(flow.postAttributeCollectionConnector);
            }
            Uni<List<ApiConnector>> bound = ids.isEmpty() ? Uni.createFrom().item(List.of()) : ApiConnector.list("id in ?1", ids);
            return bound.map(list -> {
                java.util.Map<ConnectorStep, ApiConnector> byStep = new java.util.EnumMap<>(ConnectorStep.class);
                for (ApiConnector connector : list) {
                    if (connector.id.equals(flow.postFederationSignupConnector)) {
                        byStep.put(ConnectorStep.postFederationSignup, connector);
                    }
                    if (connector.id.equals(flow.postAttributeCollectionConnector)) {
                        byStep.put(ConnectorStep.postAttributeCollection, connector);
                    }
                }
                return byStep;
            });
        }));
    }

    private static UUID connectorId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw GraphException.badRequest("@odata.id: '" + id + "' is not an API connector id.");
        }
    }

    // --- applications of a flow (ours) -----------------------------------------------------------------------------------

    public Uni<List<Application>> applications(String flowId) {
        return Panache.withSession(() -> UserFlow.<UserFlow>findById(flowId).chain(flow -> {
            found(flow, flowId);
            return UserFlowApplication.ofFlow(flowId);
        }).chain(links -> links.isEmpty() ? Uni.createFrom().item(List.<Application>of())
                : Application.<Application>list("id in ?1 order by displayName, id", links.stream().map(l -> l.applicationId).toList())));
    }

    public Uni<Void> link(Caller caller, String flowId, UserFlowViews.Reference reference) {
        UUID applicationId = applicationId(referencedId(reference, "applications"));
        return Panache.withTransaction(() -> locked(flowId).chain(flow -> Application.<Application>findById(applicationId)).chain(app -> {
            if (app == null) {
                throw GraphException.badRequest("@odata.id: application '" + applicationId + "' does not exist.");
            }
            return UserFlowApplication.<UserFlowApplication>findById(applicationId);
        }).chain(existing -> {
            if (existing != null) {
                throw linkedElsewhere(existing.userFlowId);
            }
            return UserFlowApplication.link(applicationId, flowId, clock.instant()).persist()
                    .call(() -> audit.record(caller, "userFlow.applicationLinked", "userFlow", flowId, null));
        })).onFailure(failure -> Constraints.violated(failure, "user_flow_application_pkey"))
                .transform(failure -> linkedElsewhere(null)).replaceWithVoid();
    }

    public Uni<Void> unlink(Caller caller, String flowId, String applicationId) {
        UUID id = applicationId(applicationId);
        return Panache.withTransaction(() -> UserFlowApplication.delete("applicationId = ?1 and userFlowId = ?2", id, flowId)
                .chain(deleted -> {
                    if (deleted == 0) {
                        throw GraphException.notFound("Application '" + applicationId + "' is not linked to flow '" + flowId + "'.");
                    }
                    return audit.record(caller, "userFlow.applicationUnlinked", "userFlow", flowId, null);
                })).replaceWithVoid();
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private Uni<UserFlow> edit(Caller caller, String flowId, String action, java.util.function.Consumer<UserFlow> change) {
        return Panache.withTransaction(() -> locked(flowId).invoke(change)
                .call(() -> audit.record(caller, action, "userFlow", flowId, null)));
    }

    private static Uni<UserFlow> locked(String flowId) {
        return UserFlow.<UserFlow>findById(flowId, LockModeType.PESSIMISTIC_WRITE).map(flow -> found(flow, flowId));
    }

    private static Uni<UserFlowAttribute> attributeOrNull(String id) {
        return UserFlowAttribute.builtIn(id).map(builtIn -> Uni.createFrom().item(builtIn))
                .orElseGet(() -> id.startsWith("extension_") ? UserFlowAttribute.findById(id) : Uni.createFrom().nullItem());
    }

    /** The last path segment after {@code /<collection>/} of an {@code @odata.id}, absolute or relative. */
    static String referencedId(UserFlowViews.Reference reference, String collection) {
        String marker = "/" + collection + "/";
        String value = reference == null ? null : reference.odataId();
        int at = value == null ? -1 : value.lastIndexOf(marker);
        String id = at < 0 ? null : value.substring(at + marker.length());
        if (id == null || id.isEmpty() || id.contains("/") || id.length() > 200) {
            throw GraphException.badRequest("@odata.id must name one of " + collection + ", e.g. https://…/v1.0/identity/"
                    + collection + "/{id}.");
        }
        return id;
    }

    private static UUID applicationId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw GraphException.badRequest("Application '" + id + "' is not an application object id.");
        }
    }

    private static String description(String value) {
        if (value != null && value.length() > 1024) {
            throw GraphException.badRequest("description must be at most 1024 characters.");
        }
        return value;
    }

    private static UserFlow found(UserFlow flow, String id) {
        if (flow == null) {
            throw flowNotFound(id);
        }
        return flow;
    }

    static GraphException flowNotFound(String id) {
        return GraphException.notFound("User flow '" + id + "' does not exist.");
    }

    private static GraphException attributeNotFound(String id) {
        return GraphException.notFound("User flow attribute '" + id + "' does not exist.");
    }

    static GraphException assignmentNotFound(String flowId, String attributeId) {
        return GraphException.notFound("Flow '" + flowId + "' does not collect '" + attributeId + "'.");
    }

    private static GraphException duplicateFlow(String id) {
        return GraphException.conflict("A user flow with id '" + id + "' already exists.");
    }

    private static GraphException duplicateAttribute(String name) {
        return GraphException.conflict("A custom attribute named '" + name + "' already exists.");
    }

    private static GraphException linkedElsewhere(String flowId) {
        return GraphException.conflict("The application already uses " + (flowId == null ? "another flow" : "flow '" + flowId + "'")
                + "; an application uses at most one user flow.");
    }
}
