package io.guestpass.invite;

import io.guestpass.directory.EmailAddress;
import io.guestpass.directory.GuestUser;
import io.guestpass.platform.GraphException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code $filter} expressions the users collection supports, joined by {@code and}: {@code mail eq '…'},
 * {@code userType eq '…'}, {@code externalUserState eq '…'}, {@code creationType eq '…'} and
 * {@code identities/any(i:i/issuer eq '…' and i/issuerAssignedId eq '…')}. Anything else is refused, never ignored.
 */
record UserFilter(String where, Map<String, Object> params) {

    // possessive: a quoted value is matched without backtracking, so its length never grows the regex stack
    private static final String QUOTED = "'((?:[^']++|'')*+)'";
    private static final Pattern SIMPLE = Pattern.compile("\\G\\s*(mail|userType|externalUserState|creationType)\\s+eq\\s+" + QUOTED + "\\s*");
    private static final Pattern IDENTITY = Pattern.compile("\\G\\s*identities/any\\(\\s*(\\w+)\\s*:\\s*\\1/(issuer|issuerAssignedId)\\s+eq\\s+"
            + QUOTED + "\\s+and\\s+\\1/(issuer|issuerAssignedId)\\s+eq\\s+" + QUOTED + "\\s*\\)\\s*");
    private static final Pattern AND = Pattern.compile("\\G\\s*and\\s+");

    static UserFilter parse(String filter) {
        if (FilterText.bounded(filter) == null || filter.isBlank()) {
            return new UserFilter("", Map.of());
        }
        List<String> clauses = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        int pos = 0;
        while (true) {
            Matcher simple = SIMPLE.matcher(filter);
            Matcher identity = IDENTITY.matcher(filter);
            if (simple.find(pos) && simple.start() == pos) {
                clauses.add(simpleClause(simple.group(1), unquote(simple.group(2)), params));
                pos = simple.end();
            } else if (identity.find(pos) && identity.start() == pos && !identity.group(2).equals(identity.group(4))) {
                String issuer = unquote(identity.group(2).equals("issuer") ? identity.group(3) : identity.group(5));
                String assigned = unquote(identity.group(2).equals("issuer") ? identity.group(5) : identity.group(3));
                int n = params.size();
                clauses.add("exists (select 1 from SignInIdentity i where i.userId = u.id and i.issuer = :iss" + n
                        + " and i.issuerAssignedId = :iid" + n + ")");
                params.put("iss" + n, issuer);
                params.put("iid" + n, assigned);
                pos = identity.end();
            } else {
                throw unsupported();
            }
            if (pos == filter.length()) {
                break;
            }
            Matcher and = AND.matcher(filter);
            if (!(and.find(pos) && and.start() == pos)) {
                throw unsupported();
            }
            pos = and.end();
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

    private static String unquote(String value) {
        return value.replace("''", "'");
    }

    private static GraphException unsupported() {
        return GraphException.badRequest("Unsupported $filter on users. Supported: mail, userType, externalUserState and "
                + "creationType with eq, identities/any(i:i/issuer eq '…' and i/issuerAssignedId eq '…'), joined by and.");
    }
}
