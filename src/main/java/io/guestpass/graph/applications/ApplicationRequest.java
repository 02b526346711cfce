package io.guestpass.graph.applications;

import java.util.List;

/**
 * The body of {@code POST} and {@code PATCH /v1.0/applications}: what a caller may set. A property left out (or null)
 * is not changed by a PATCH; a collection given replaces the one held. Read-only properties (id, appId,
 * passwordCredentials, createdDateTime) are unknown here and refused. {@code grantedPermissions} (ours) only a Global
 * Administrator may set; {@code microsoftAccountClientIds} (ours) anyone who may change the application.
 */
public record ApplicationRequest(String displayName, String signInAudience, List<String> identifierUris,
        ApplicationView.WebApplication web, ApplicationView.SpaApplication spa, ApplicationView.PublicClientApplication publicClient,
        ApplicationView.ApiApplication api, List<String> grantedPermissions,
        List<String> microsoftAccountClientIds) {
}
