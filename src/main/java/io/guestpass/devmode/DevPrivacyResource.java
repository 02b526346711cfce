package io.guestpass.devmode;

import io.quarkus.arc.profile.UnlessBuildProfile;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * DEVELOPMENT ONLY — never packaged. Where "How … uses your data" leads in development
 * ({@code %dev.guestpass.organization.privacy-url}): a labelled placeholder. A deployment links the operator's own https
 * privacy statement instead (infra/ requires it).
 */
@Path("/dev/privacy")
@Produces(MediaType.TEXT_HTML)
@UnlessBuildProfile("prod")
public class DevPrivacyResource {

    @GET
    public Response placeholder() {
        return SamplePages.page(200, "Privacy statement (development placeholder)",
                "<p class=\"banner\">Development only: a placeholder.</p>\n"
                        + "<h1>Privacy statement (development placeholder)</h1>\n"
                        + "<p>In a deployment this link leads to the organization's own privacy statement: the https URL set as"
                        + " <code>guestpass.organization.privacy-url</code> (Terraform variable <code>organization_privacy_url</code>)."
                        + " It is linked from every page and every invitation mail, and it should say what the organization does"
                        + " with a guest's name, email address and sign-ins.</p>\n"
                        + "<p>Guestpass itself keeps what the README describes: invitations, guests and their identities,"
                        + " consents, and the audit trail.</p>\n");
    }
}
