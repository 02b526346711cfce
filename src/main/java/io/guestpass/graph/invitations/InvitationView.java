package io.guestpass.graph.invitations;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** Graph's invitation resource as Guestpass answers it (plus {@code deliveryStatus}, ours). */
@JsonPropertyOrder({ "@odata.context", "id" })
@io.quarkus.runtime.annotations.RegisterForReflection(targets = { InvitationView.class, InvitationView.MessageInfo.class,
        InvitationView.Recipient.class, InvitationView.EmailAddress.class, InvitationView.InvitedUser.class })
public record InvitationView(
        @JsonProperty("@odata.context") @JsonInclude(JsonInclude.Include.NON_NULL) String odataContext,
        String id,
        @JsonInclude(JsonInclude.Include.NON_NULL) String inviteRedeemUrl,
        String invitedUserDisplayName,
        String invitedUserEmailAddress,
        String inviteRedirectUrl,
        boolean sendInvitationMessage,
        MessageInfo invitedUserMessageInfo,
        String invitedUserType,
        boolean resetRedemption,
        String status,
        String deliveryStatus,
        InvitedUser invitedUser) {

    public record MessageInfo(String messageLanguage, String customizedMessageBody, List<Recipient> ccRecipients) {
    }

    public record Recipient(EmailAddress emailAddress) {
    }

    public record EmailAddress(String address, String name) {
    }

    public record InvitedUser(String id, String userPrincipalName) {
    }
}
