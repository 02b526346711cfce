package io.guestpass.graph.invitations;

import java.util.List;

/** The body of {@code POST /v1.0/invitations}, as Graph's invitation resource names it. */
public record InvitationRequest(
        String invitedUserEmailAddress,
        String inviteRedirectUrl,
        String invitedUserDisplayName,
        Boolean sendInvitationMessage,
        MessageInfo invitedUserMessageInfo,
        String invitedUserType,
        Boolean resetRedemption,
        InvitedUser invitedUser) {

    public record MessageInfo(String messageLanguage, String customizedMessageBody, List<Recipient> ccRecipients) {
    }

    public record Recipient(EmailAddress emailAddress) {
    }

    public record EmailAddress(String address, String name) {
    }

    public record InvitedUser(String id) {
    }
}
