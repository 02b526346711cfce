package io.guestpass.directory;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An invited address as the contract allows it: an addr-spec of at most 254 characters whose local part (at most 64) has
 * ASCII letters, digits, '.', '-', '_' and '\''; the domain may be internationalised and is compared in its ASCII form.
 */
public record EmailAddress(String value, String key) {

    private static final Pattern LOCAL_PART = Pattern.compile("[A-Za-z0-9._'-]{1,64}");
    private static final Pattern ASCII_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    /** Parses an address or explains, naming {@code field}, why it is not one. */
    public static EmailAddress parse(String raw, String field) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidAddressException(field + " is required.");
        }
        if (raw.length() > 254) {
            throw new InvalidAddressException(field + " is longer than 254 characters.");
        }
        int at = raw.lastIndexOf('@');
        if (at <= 0 || at != raw.indexOf('@') || at == raw.length() - 1) {
            throw new InvalidAddressException(field + " must be an email address of the form name@domain.");
        }
        String local = raw.substring(0, at);
        String domain = raw.substring(at + 1);
        if (!LOCAL_PART.matcher(local).matches()) {
            throw new InvalidAddressException(field + " has a character that is not allowed in the part before '@' "
                    + "(allowed: letters, digits, '.', '-', '_' and an apostrophe) or that part is longer than 64 characters.");
        }
        if (local.startsWith(".") || local.endsWith(".") || local.startsWith("-") || local.endsWith("-") || local.contains("..")) {
            throw new InvalidAddressException(field + " may not start or end its name part with '.' or '-', nor contain '..'.");
        }
        String asciiDomain = asciiDomain(domain, field);
        String key = local.toLowerCase(Locale.ROOT) + "@" + asciiDomain;
        if (key.length() > 254) {
            throw new InvalidAddressException(field + " is longer than 254 characters.");
        }
        return new EmailAddress(raw, key);
    }

    public String domain() {
        return key.substring(key.indexOf('@') + 1);
    }

    /** The domain in its lower-cased ASCII (punycode) form; any other character or shape is refused. */
    static String asciiDomain(String domain, String field) {
        if (domain.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c) || "~!#$%^&*()+=[]{}\\/|;:\"<>?,@'_`"
                .indexOf(c) >= 0)) {
            throw new InvalidAddressException(field + " has a character that is not allowed in its domain.");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidAddressException(field + " has a domain that is not a valid internationalised domain name.");
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            throw new InvalidAddressException(field + " must have a domain with at least two labels, such as example.com.");
        }
        for (String label : labels) {
            if (!ASCII_LABEL.matcher(label).matches()) {
                throw new InvalidAddressException(field + " has a domain that is not a valid domain name.");
            }
        }
        return ascii;
    }

    /** Whether this address's domain is {@code domain} or one of its subdomains. */
    public boolean isInDomain(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        return domain().equals(d) || domain().endsWith("." + d);
    }

    public static class InvalidAddressException extends RuntimeException {
        public InvalidAddressException(String message) {
            super(message, null, false, false);
        }
    }
}
