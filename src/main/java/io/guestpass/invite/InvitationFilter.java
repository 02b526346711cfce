package io.guestpass.invite;

import io.guestpass.directory.Invitation;
import io.guestpass.platform.GraphException;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code $filter=status eq '…'} on invitations; a pending invitation past its expiry counts as Expired. */
record InvitationFilter(String where, Map<String, Object> params) {

    private static final Pattern STATUS = Pattern.compile("\\s*+status\\s++eq\\s++'([A-Za-z]++)'\\s*+");

    static InvitationFilter parse(String filter, Instant now) {
        if (FilterText.bounded(filter) == null || filter.isBlank()) {
            return new InvitationFilter("", Map.of());
        }
        Matcher m = STATUS.matcher(filter);
        if (!m.matches()) {
            throw GraphException.badRequest("Unsupported $filter on invitations: only status eq '<status>' is supported.");
        }
        Invitation.Status status;
        try {
            status = Invitation.Status.valueOf(m.group(1));
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
}
