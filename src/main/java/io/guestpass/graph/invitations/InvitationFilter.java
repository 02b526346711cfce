package io.guestpass.graph.invitations;

import io.guestpass.graph.odata.FilterClauses;
import io.guestpass.directory.Invitation;
import io.guestpass.platform.GraphException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code $filter=status eq '…'} on invitations; a pending invitation past its expiry counts as Expired. */
record InvitationFilter(String where, Map<String, Object> params) {

    private static final Pattern STATUS = Pattern.compile("\\s*+status\\s++eq\\s++'([A-Za-z]++)'\\s*+");

    static InvitationFilter parse(String filter, Instant now) {
        List<FilterClauses.Clause> clauses = FilterClauses.split(filter, List.of(STATUS), InvitationFilter::unsupported);
        if (clauses.isEmpty()) {
            return new InvitationFilter("", Map.of());
        }
        if (clauses.size() > 1) {
            throw unsupported();
        }
        Invitation.Status status;
        try {
            status = Invitation.Status.valueOf(clauses.get(0).match().group(1));
        } catch (IllegalArgumentException e) {
            throw GraphException.badRequest("$filter: status must be PendingAcceptance, Completed, Superseded, Revoked or Expired.");
        }
        return switch (status) {
            case PendingAcceptance -> new InvitationFilter("status = :pending and expiresAt > :now",
                    Map.of("pending", Invitation.Status.PendingAcceptance, "now", now));
            case Expired -> new InvitationFilter("(status = :expired or (status = :pending and expiresAt <= :now))",
                    Map.of("expired", Invitation.Status.Expired, "pending", Invitation.Status.PendingAcceptance, "now", now));
            default -> new InvitationFilter("status = :status", Map.of("status", status));
        };
    }

    private static GraphException unsupported() {
        return GraphException.badRequest("Unsupported $filter on invitations: only status eq '<status>' is supported.");
    }
}
