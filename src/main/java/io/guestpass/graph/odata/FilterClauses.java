package io.guestpass.graph.odata;

import io.guestpass.platform.GraphException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The grammar every collection's {@code $filter} shares: clauses joined by {@code and}, each matching one of the
 * collection's clause patterns in full; anything else is refused, never ignored. The filter's length is capped and
 * {@link #QUOTED} is possessive, so no input makes the regex engine backtrack or recurse deeply.
 */
public final class FilterClauses {

    public static final int MAX_LENGTH = 2048;
    /** An OData string literal ({@code ''} is a quote inside it); group 1 is its raw text, see {@link Clause#text}. */
    public static final String QUOTED = "'([^']*+(?:''[^']*+)*+)'";
    private static final Pattern AND = Pattern.compile("and\\s++");

    /** One clause: which of the grammar's patterns it matched ({@code kind}, its index) and the match. */
    public record Clause(int kind, MatchResult match) {

        /** A quoted group's value, its doubled quotes undone. */
        public String text(int group) {
            String value = match.group(group);
            if (value.chars().anyMatch(Character::isISOControl)) { // PostgreSQL refuses NUL in text: a 400, not a 500
                throw GraphException.badRequest("$filter: a quoted value may not contain control characters.");
            }
            return value.replace("''", "'");
        }
    }

    private FilterClauses() {
    }

    public static List<Clause> split(String filter, List<Pattern> grammar, Supplier<GraphException> unsupported) {
        if (filter == null || filter.isBlank()) {
            return List.of();
        }
        if (filter.length() > MAX_LENGTH) {
            throw GraphException.badRequest("$filter is too long: at most " + MAX_LENGTH + " characters.");
        }
        List<Clause> clauses = new ArrayList<>();
        int pos = 0;
        while (true) {
            Clause clause = null;
            for (int kind = 0; kind < grammar.size() && clause == null; kind++) {
                Matcher m = grammar.get(kind).matcher(filter).region(pos, filter.length());
                if (m.lookingAt()) {
                    clause = new Clause(kind, m.toMatchResult());
                    pos = m.end();
                }
            }
            if (clause == null) {
                throw unsupported.get();
            }
            clauses.add(clause);
            if (pos == filter.length()) {
                return clauses;
            }
            Matcher and = AND.matcher(filter).region(pos, filter.length());
            if (!and.lookingAt()) {
                throw unsupported.get();
            }
            pos = and.end();
        }
    }
}
