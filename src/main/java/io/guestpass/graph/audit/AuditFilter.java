package io.guestpass.graph.audit;

import io.guestpass.graph.odata.FilterClauses;
import io.guestpass.directory.AuditEvent;
import io.guestpass.platform.GraphException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code $filter} expressions the directory audits collection supports, joined by {@code and}:
 * {@code activityDateTime ge|le|eq <ISO-8601>}, {@code category eq '…'}, {@code initiatedBy/user/id eq '…'},
 * {@code initiatedBy/app/appId eq '…'} and {@code targetResources/any(t:t/id eq '…')}. Conditions on {@code AuditEvent e}.
 */
public record AuditFilter(String where, Map<String, Object> params) {

    private static final String EQ_QUOTED = "\\s++eq\\s++" + FilterClauses.QUOTED + "\\s*+";
    private static final List<Pattern> GRAMMAR = List.of(
            Pattern.compile("\\s*+activityDateTime\\s++(ge|le|eq)\\s++([^\\s()']++)\\s*+"),
            Pattern.compile("\\s*+category" + EQ_QUOTED),
            Pattern.compile("\\s*+initiatedBy/user/id" + EQ_QUOTED),
            Pattern.compile("\\s*+initiatedBy/app/appId" + EQ_QUOTED),
            Pattern.compile("\\s*+targetResources/any\\(\\s*+(\\w++)\\s*+:\\s*+\\1/id" + EQ_QUOTED + "\\)\\s*+"));
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    public static AuditFilter parse(String filter) {
        List<String> clauses = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        for (FilterClauses.Clause clause : FilterClauses.split(filter, GRAMMAR, AuditFilter::unsupported)) {
            String p = "p" + params.size();
            switch (clause.kind()) {
                case 0 -> {
                    String op = switch (clause.match().group(1)) {
                        case "ge" -> ">=";
                        case "le" -> "<=";
                        default -> "=";
                    };
                    params.put(p, instant(clause.match().group(2)));
                    clauses.add("e.occurredAt " + op + " :" + p);
                }
                case 1 -> clauses.add(category(clause.text(1), p, params));
                case 2 -> clauses.add(initiatingUser(clause.text(1), p, params));
                case 3 -> {
                    params.put(p, clause.text(1));
                    clauses.add("(e.actorType = '" + AuditEvent.APPLICATION + "' and e.actorClient = :" + p + ")");
                }
                default -> clauses.add(target(clause.text(2), p, params));
            }
        }
        return new AuditFilter(String.join(" and ", clauses), params);
    }

    private static String category(String category, String p, Map<String, Object> params) {
        if (category.equals(AuditActivity.OTHER)) {
            params.put(p, AuditActivity.known());
            return "e.action not in (:" + p + ")";
        }
        List<String> actions = AuditActivity.actionsIn(category);
        if (actions.isEmpty()) {
            return "1 = 0"; // a category with no activities here: Graph answers an empty page, not an error
        }
        params.put(p, actions);
        return "e.action in (:" + p + ")";
    }

    /** A person's subject; for a guest's own acts (redemption) the guest's user id, which the event keeps as its user. */
    private static String initiatingUser(String id, String p, Map<String, Object> params) {
        params.put(p, id);
        params.put(p + "g", AuditActivity.byGuests());
        String bySubject = "(e.action not in (:" + p + "g) and e.actorSubject = :" + p + ")";
        UUID userId = uuidOrNull(id);
        String byGuest = "";
        if (userId != null) {
            params.put(p + "u", userId);
            byGuest = " or (e.action in (:" + p + "g) and e.userId = :" + p + "u)";
        }
        return "(coalesce(e.actorType, '" + AuditEvent.USER + "') = '" + AuditEvent.USER + "' and (" + bySubject + byGuest + "))";
    }

    /** Any target: the event's own target, the user it concerns, or the policy its action always changes. */
    private static String target(String id, String p, Map<String, Object> params) {
        params.put(p, id);
        StringBuilder any = new StringBuilder("(e.targetId = :" + p);
        UUID userId = uuidOrNull(id);
        if (userId != null) {
            params.put(p + "u", userId);
            any.append(" or e.userId = :").append(p).append("u");
        }
        List<String> fixed = AuditActivity.targeting(id);
        if (!fixed.isEmpty()) {
            params.put(p + "a", fixed);
            any.append(" or e.action in (:").append(p).append("a)");
        }
        return any.append(")").toString();
    }

    private static Instant instant(String value) {
        try {
            if (DATE.matcher(value).matches()) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw GraphException.badRequest("$filter: activityDateTime needs an ISO-8601 date and time such as "
                    + "2026-01-31T00:00:00Z, not '" + shortened(value) + "'.");
        }
    }

    private static UUID uuidOrNull(String value) {
        try {
            return value.length() == 36 ? UUID.fromString(value) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String shortened(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    private static GraphException unsupported() {
        return GraphException.badRequest("Unsupported $filter on directoryAudits. Supported, joined by and: activityDateTime "
                + "with ge, le or eq; category, initiatedBy/user/id and initiatedBy/app/appId with eq; "
                + "targetResources/any(t:t/id eq '…').");
    }
}
