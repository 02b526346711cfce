package io.guestpass.graph.applications;

import io.guestpass.directory.Application;
import io.guestpass.graph.odata.GraphLinks;
import jakarta.enterprise.context.ApplicationScoped;

/** Maps applications to Graph's representation; a secret's text appears only in {@link #newSecret}. */
@ApplicationScoped
public class ApplicationViews {

    private final GraphLinks links;

    ApplicationViews(GraphLinks links) {
        this.links = links;
    }

    public ApplicationView entity(Application app) {
        return view(app, links.context("applications/$entity"));
    }

    public ApplicationView item(Application app) {
        return view(app, null);
    }

    public ApplicationView.PasswordCredential newSecret(Application.NewSecret secret) {
        return credential(secret.credential(), secret.secretText());
    }

    private static ApplicationView view(Application app, String context) {
        return new ApplicationView(context, app.id.toString(), app.appId.toString(), app.displayName, app.signInAudience,
                app.createdAt.toString(), app.identifierUris,
                new ApplicationView.WebApplication(app.webRedirectUris, app.webLogoutUrl),
                new ApplicationView.SpaApplication(app.spaRedirectUris),
                new ApplicationView.PublicClientApplication(app.publicClientRedirectUris),
                new ApplicationView.ApiApplication(app.permissionScopes().stream().map(s -> new ApplicationView.PermissionScope(
                        s.id().toString(), s.value(), s.adminConsentDisplayName(), s.adminConsentDescription(),
                        s.userConsentDisplayName(), s.userConsentDescription(), s.enabled(), s.type())).toList()),
                app.passwordCredentials().stream().map(c -> credential(c, null)).toList(), app.grantedPermissions,
                app.microsoftAccountClientIds);
    }

    private static ApplicationView.PasswordCredential credential(Application.PasswordCredential c, String secretText) {
        return new ApplicationView.PasswordCredential(null, c.displayName(), c.endDateTime().toString(), c.hint(),
                c.keyId().toString(), secretText, c.startDateTime().toString());
    }
}
