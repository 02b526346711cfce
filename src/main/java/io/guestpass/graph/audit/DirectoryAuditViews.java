package io.guestpass.graph.audit;

import io.guestpass.directory.AuditEvent;
import io.guestpass.directory.EmailAddress;
import io.guestpass.directory.GuestUser;
import io.guestpass.graph.audit.DirectoryAuditView.AppIdentity;
import io.guestpass.graph.audit.DirectoryAuditView.Initiator;
import io.guestpass.graph.audit.DirectoryAuditView.KeyValue;
import io.guestpass.graph.audit.DirectoryAuditView.ModifiedProperty;
import io.guestpass.graph.audit.DirectoryAuditView.TargetResource;
import io.guestpass.graph.audit.DirectoryAuditView.UserIdentity;
import io.guestpass.platform.GuestpassConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps audit events to Graph's directoryAudit. Names and addresses come only from the event's personal data, so that
 * what deleting a user erased stays erased here; ids come from the columns that outlive it.
 */
@ApplicationScoped
public class DirectoryAuditViews {

    static final String REFUSED = "Insufficient privileges to complete the operation.";
    private static final String SERVICE_NAME = "Guestpass";

    private final String directoryDomain;

    DirectoryAuditViews(GuestpassConfig config) {
        this.directoryDomain = config.directory().domain();
    }

    DirectoryAuditView view(AuditEvent event, String context) {
        AuditActivity activity = AuditActivity.of(event.action);
        Map<String, String> personal = event.personalData == null ? Map.of() : event.personalData;
        return new DirectoryAuditView(context, event.id.toString(), event.occurredAt.toString(), activity.displayName(),
                activity.category(), event.requestId, activity.result(), activity.refusal() ? REFUSED : "",
                activity.loggedByService(), activity.operationType(), initiator(event, activity), targets(event, activity, personal),
                details(event, personal));
    }

    private static Initiator initiator(AuditEvent event, AuditActivity activity) {
        if (activity.byTheGuest()) {
            return new Initiator(new UserIdentity(text(event.userId), null, null, null), null);
        }
        if (AuditEvent.APPLICATION.equals(event.actorType) || (event.actorSubject == null && event.actorClient == null)) {
            // no actor at all: the service acted on its own (a scheduled run)
            String name = event.actorSubject == null && event.actorClient == null ? SERVICE_NAME : null;
            return new Initiator(null, new AppIdentity(event.actorClient, name, event.actorSubject, null));
        }
        // a person; events from before the actor's type was recorded read as one too
        return new Initiator(new UserIdentity(event.actorSubject, null, null, null), null);
    }

    private List<TargetResource> targets(AuditEvent event, AuditActivity activity, Map<String, String> personal) {
        List<TargetResource> targets = new ArrayList<>();
        String targetId = activity.fixedTarget() != null ? activity.fixedTarget() : event.targetId;
        if ("user".equals(event.targetType)) {
            String name = personal.get("displayName");
            targets.add(new TargetResource(targetId, name, "User", null,
                    name == null ? List.of() : List.of(new ModifiedProperty("displayName", null, name))));
            return targets;
        }
        if (targetId != null || event.targetType != null) {
            targets.add(new TargetResource(targetId, activity.fixedTarget(), typeName(event.targetType), null, List.of()));
        }
        if (event.userId != null) {
            targets.add(new TargetResource(event.userId.toString(), null, "User", principalName(personal.get("invitedUserEmailAddress")),
                    List.of()));
        }
        return targets;
    }

    /** The guest's UPN as it was when the event happened, from the (erasable) invited address. */
    private String principalName(String address) {
        if (address == null) {
            return null;
        }
        try {
            return GuestUser.principalName(EmailAddress.parse(address, "address"), directoryDomain);
        } catch (EmailAddress.InvalidAddressException e) {
            return null;
        }
    }

    private static List<KeyValue> details(AuditEvent event, Map<String, String> personal) {
        List<KeyValue> details = new ArrayList<>();
        if (event.operation != null) { // a refusal names the request refused (method and path)
            details.add(new KeyValue("operation", event.operation));
        }
        new TreeMap<>(personal).forEach((key, value) -> {
            if (!key.equals("userId") && !key.equals("displayName")) { // both shown in the target resource already
                details.add(new KeyValue(key, value));
            }
        });
        return details;
    }

    private static String typeName(String targetType) {
        if (targetType == null || targetType.isEmpty()) {
            return null;
        }
        return Character.toUpperCase(targetType.charAt(0)) + targetType.substring(1);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
