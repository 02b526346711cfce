package io.guestpass.directory;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An invited address as the contract allows it: an addr-spec of at most 254 characters whose local part (at most 64) has
 * ASCII letters, digits, '.', '-', '_' and '\''; the domain may be internationalised and is compared in its ASCII form.
 * The {@link #key()} is the only form ever compared: ASCII lower-casing and punycode, never Unicode compatibility folding
 * (a full-width letter or the Kelvin sign is not its ASCII look-alike), so two addresses match only when they are the same.
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

    /**
     * An address a provider vouched for, or empty when it is not one this contract could have invited: the comparison
     * fails closed, there is no lenient fallback.
     */
    public static java.util.Optional<EmailAddress> canonical(String raw) {
        if (raw == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(parse(raw.trim(), "email"));
        } catch (InvalidAddressException e) {
            return java.util.Optional.empty();
        }
    }

    /** The same mailbox: equal keys. */
    public boolean sameAs(EmailAddress other) {
        return key.equals(other.key);
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
        String given = asciiLowerCase(domain);
        if (!ascii.equals(given) && !IDN.toUnicode(ascii, IDN.USE_STD3_ASCII_RULES).equals(given)) {
            // IDN.toASCII applies nameprep (NFKC and case folding): 'ｏｕｔｌｏｏｋ.com' or 'outloo\u212A.com' would become
            // 'outlook.com'. Only a domain already in its canonical Unicode form (or plain ASCII) is one.
            throw new InvalidAddressException(field + " has a domain that is not in its canonical form (look-alike or compatibility characters).");
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

    private static String asciiLowerCase(String text) {
        StringBuilder lower = new StringBuilder(text.length());
        text.chars().forEach(c -> lower.append(c < 0x80 ? Character.toLowerCase((char) c) : (char) c));
        return lower.toString();
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
