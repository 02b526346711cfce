package io.guestpass.graph.invitations;

import io.guestpass.directory.EmailAddress;
import io.guestpass.directory.GuestUser;
import io.guestpass.platform.GraphException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** An invitation request that passed every check that needs no database: what the service may act on. */
public record ValidInvitation(
        EmailAddress address,
        URI redirect,
        String displayName,
        boolean sendInvitationMessage,
        String messageLanguage,
        String customizedMessageBody,
        EmailAddress ccAddress,
        String ccName,
        GuestUser.UserType userType,
        boolean resetRedemption,
        UUID invitedUserId) {

    public static final int MAX_NAME = 256;
    static final int MAX_CUSTOM_BODY = 10_000;
    public static final int MAX_URL = 2048;
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}");

    static ValidInvitation of(InvitationRequest request, boolean allowHttpLocalhost) {
        if (request == null) {
            throw GraphException.badRequest("The request body is required.");
        }
        EmailAddress address = parseAddress(request.invitedUserEmailAddress(), "invitedUserEmailAddress");
        URI redirect = redirectUrl(request.inviteRedirectUrl(), allowHttpLocalhost);
        String displayName = text(request.invitedUserDisplayName(), "invitedUserDisplayName", MAX_NAME, false);

        String language = "en-US";
        String customBody = null;
        EmailAddress cc = null;
        String ccName = null;
        InvitationRequest.MessageInfo info = request.invitedUserMessageInfo();
        if (info != null) {
            if (info.messageLanguage() != null) {
                if (info.messageLanguage().length() > 35 || !LANGUAGE.matcher(info.messageLanguage()).matches()) {
                    throw GraphException.badRequest("invitedUserMessageInfo.messageLanguage must be a language tag such as en-US or nl-NL.");
                }
                language = info.messageLanguage();
            }
            customBody = text(info.customizedMessageBody(), "invitedUserMessageInfo.customizedMessageBody", MAX_CUSTOM_BODY, true);
            List<InvitationRequest.Recipient> recipients = info.ccRecipients();
            if (recipients != null && recipients.size() > 1) {
                throw GraphException.badRequest("invitedUserMessageInfo.ccRecipients may name at most one recipient.");
            }
            if (recipients != null && recipients.size() == 1) {
                InvitationRequest.Recipient recipient = recipients.get(0);
                if (recipient == null || recipient.emailAddress() == null) {
                    throw GraphException.badRequest("invitedUserMessageInfo.ccRecipients[0].emailAddress is required.");
                }
                cc = parseAddress(recipient.emailAddress().address(), "invitedUserMessageInfo.ccRecipients[0].emailAddress.address");
                ccName = text(recipient.emailAddress().name(), "invitedUserMessageInfo.ccRecipients[0].emailAddress.name", MAX_NAME, false);
            }
        }

        GuestUser.UserType type = userType(request.invitedUserType());
        boolean reset = Boolean.TRUE.equals(request.resetRedemption());
        UUID userId = null;
        if (reset) {
            if (request.invitedUser() == null || request.invitedUser().id() == null) {
                throw GraphException.badRequest("invitedUser.id is required when resetRedemption is true.");
            }
            try {
                userId = UUID.fromString(request.invitedUser().id());
            } catch (IllegalArgumentException e) {
                throw GraphException.badRequest("invitedUser.id must be a user id (a GUID).");
            }
        }
        return new ValidInvitation(address, redirect, displayName, Boolean.TRUE.equals(request.sendInvitationMessage()), language,
                customBody, cc, ccName, type, reset, userId);
    }

    private static EmailAddress parseAddress(String raw, String field) {
        try {
            return EmailAddress.parse(raw, field);
        } catch (EmailAddress.InvalidAddressException e) {
            throw GraphException.badRequest(e.getMessage());
        }
    }

    /** An absolute https URL without credentials; http only for localhost in development. */
    static URI redirectUrl(String raw, boolean allowHttpLocalhost) {
        if (raw == null || raw.isBlank()) {
            throw GraphException.badRequest("inviteRedirectUrl is required.");
        }
        if (raw.length() > MAX_URL) {
            throw GraphException.badRequest("inviteRedirectUrl is longer than " + MAX_URL + " characters.");
        }
        if (raw.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw GraphException.badRequest("inviteRedirectUrl may not contain white space or control characters.");
        }
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw GraphException.badRequest("inviteRedirectUrl is not a valid URL.");
        }
        uri = withAsciiHost(uri);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null) {
            throw GraphException.badRequest("inviteRedirectUrl must be an absolute https URL.");
        }
        if (uri.getRawUserInfo() != null) {
            throw GraphException.badRequest("inviteRedirectUrl may not carry a user name or password.");
        }
        boolean localhost = uri.getHost().equalsIgnoreCase("localhost") || uri.getHost().equals("127.0.0.1");
        if (!scheme.equals("https") && !(allowHttpLocalhost && scheme.equals("http") && localhost)) {
            throw GraphException.badRequest("inviteRedirectUrl must be an https URL.");
        }
        return uri;
    }

    /** An internationalised host (java.net.URI sees none) in its punycode form, so that origins compare and headers stay ASCII. */
    private static URI withAsciiHost(URI uri) {
        String authority = uri.getRawAuthority();
        if (uri.getHost() != null || authority == null || authority.contains("@") || authority.contains("[")) {
            return uri;
        }
        int colon = authority.lastIndexOf(':');
        String host = colon < 0 ? authority : authority.substring(0, colon);
        try {
            String ascii = java.net.IDN.toASCII(host, java.net.IDN.USE_STD3_ASCII_RULES) + (colon < 0 ? "" : authority.substring(colon));
            return new URI(uri.getScheme() + "://" + ascii + uri.getRawPath()
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment()));
        } catch (IllegalArgumentException | URISyntaxException e) {
            return uri;
        }
    }

    /** Optional free text: bounded, and free of control characters (a line break in a name is a header injection). */
    public static String text(String value, String field, int max, boolean multiline) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            throw GraphException.badRequest(field + " is longer than " + max + " characters.");
        }
        boolean bad = value.chars().anyMatch(c -> Character.isISOControl(c) && !(multiline && (c == '\n' || c == '\r' || c == '\t')));
        if (bad) {
            throw GraphException.badRequest(field + " may not contain control characters" + (multiline ? "." : " or line breaks."));
        }
        return value;
    }

    private static GuestUser.UserType userType(String raw) {
        if (raw == null) {
            return GuestUser.UserType.Guest;
        }
        for (GuestUser.UserType type : GuestUser.UserType.values()) {
            if (type.name().equalsIgnoreCase(raw)) {
                return type;
            }
        }
        throw GraphException.badRequest("invitedUserType must be Guest or Member.");
    }
}
