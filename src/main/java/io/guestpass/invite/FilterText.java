package io.guestpass.invite;

import io.guestpass.platform.GraphException;

/**
 * The one limit every {@code $filter} meets before it is parsed: a supported expression is short, and a long one is
 * refused with a clear 400 instead of being handed to a pattern.
 */
final class FilterText {

    static final int MAX_LENGTH = 2048;

    private FilterText() {
    }

    static String bounded(String filter) {
        if (filter != null && filter.length() > MAX_LENGTH) {
            throw GraphException.badRequest("$filter is too long: at most " + MAX_LENGTH + " characters.");
        }
        return filter;
    }
}
