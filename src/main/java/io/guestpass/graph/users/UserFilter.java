package io.guestpass.graph.users;

import io.guestpass.graph.odata.FilterClauses;
import io.guestpass.directory.EmailAddress;
import io.guestpass.directory.GuestUser;
import io.guestpass.platform.GraphException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code $filter} expressions the users collection supports, joined by {@code and}: {@code mail eq '…'},
 * {@code userType eq '…'}, {@code externalUserState eq '…'}, {@code creationType eq '…'} and
 * {@code identities/any(i:i/issuer eq '…' and i/issuerAssignedId eq '…')}. Anything else is refused, never ignored.
 */
public record UserFilter(String where, Map<String, Object> params) {

    private static final Pattern SIMPLE = Pattern.compile("\\s*+(mail|userType|externalUserState|creationType)\\s++eq\\s++"
            + FilterClauses.QUOTED + "\\s*+");
    private static final Pattern IDENTITY = Pattern.compile("\\s*+identities/any\\(\\s*+(\\w++)\\s*+:\\s*+\\1/(issuer|issuerAssignedId)\\s++eq\\s++"
            + FilterClauses.QUOTED + "\\s++and\\s++\\1/(issuer|issuerAssignedId)\\s++eq\\s++" + FilterClauses.QUOTED + "\\s*+\\)\\s*+");
    private static final List<Pattern> GRAMMAR = List.of(SIMPLE, IDENTITY);

    public static UserFilter parse(String filter) {
        List<String> clauses = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        for (FilterClauses.Clause clause : FilterClauses.split(filter, GRAMMAR, UserFilter::unsupported)) {
            if (clause.kind() == 0) {
                clauses.add(simpleClause(clause.match().group(1), clause.text(2), params));
                continue;
            }
            boolean issuerFirst = clause.match().group(2).equals("issuer");
            if (clause.match().group(2).equals(clause.match().group(4))) {
                throw unsupported();
            }
            int n = params.size();
            clauses.add("exists (select 1 from SignInIdentity i where i.userId = u.id and i.issuer = :iss" + n
                    + " and i.issuerAssignedId = :iid" + n + ")");
            params.put("iss" + n, clause.text(issuerFirst ? 3 : 5));
            params.put("iid" + n, clause.text(issuerFirst ? 5 : 3));
        }
        return new UserFilter(String.join(" and ", clauses), params);
    }

    private static String simpleClause(String property, String value, Map<String, Object> params) {
        String name = "p" + params.size();
        switch (property) {
            case "mail" -> {
                params.put(name, mailKey(value));
                return "u.mailKey = :" + name;
            }
            case "userType" -> params.put(name, enumValue(GuestUser.UserType.class, value, property));
            case "externalUserState" -> params.put(name, enumValue(GuestUser.ExternalUserState.class, value, property));
            default -> params.put(name, enumValue(GuestUser.CreationType.class, value, property));
        }
        return "u." + property + " = :" + name;
    }

    private static String mailKey(String value) {
        try {
            return EmailAddress.parse(value, "mail").key();
        } catch (EmailAddress.InvalidAddressException e) {
            return value.toLowerCase(Locale.ROOT); // not an address we could hold: matches nothing
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String property) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw GraphException.badRequest("$filter: '" + value + "' is not a value of " + property + ".");
    }

    private static GraphException unsupported() {
        return GraphException.badRequest("Unsupported $filter on users. Supported: mail, userType, externalUserState and "
                + "creationType with eq, identities/any(i:i/issuer eq '…' and i/issuerAssignedId eq '…'), joined by and.");
    }
}
