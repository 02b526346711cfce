package io.guestpass.oidc;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.models.Invitation;
import com.microsoft.graph.models.User;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.authentication.AzureIdentityAuthenticationProvider;
import io.guestpass.fixtures.AzureLoopback;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GatewayLoopback;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.MsalLoopback;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A back end written for Entra with Microsoft's own libraries, pointed at Guestpass by its authority alone (instance
 * discovery off): MSAL for Java's client-credentials flow, azure-identity's ClientSecretCredential, and the Microsoft Graph
 * Java SDK on that credential inviting a guest through Guestpass's own /v1.0 and reading it back.
 */
@QuarkusTest
@TestProfile(SigningKeysTest.LocalRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class ClientLibrariesCredentialsTest {

    static final String SCOPE = GuestpassTestResources.AUDIENCE + "/.default";

    @BeforeEach
    void emptyDirectory() {
        Directory.reset();
    }

    @Test
    void msal4jGetsAnApplicationTokenWithClientCredentials() throws Exception {
        ClientCredentialsTest.Daemon app = ClientCredentialsTest.daemon("User.Invite.All");
        ConfidentialClientApplication msal = ConfidentialClientApplication
                .builder(app.appId(), ClientCredentialFactory.createFromSecret(app.secret()))
                .authority(GuestpassTestResources.PUBLIC_BASE_URL + "/" + AppSignIn.TENANT + "/")
                .instanceDiscovery(false)
                .httpClient(MsalLoopback.inProcess())
                .build();
        IAuthenticationResult result = msal.acquireToken(ClientCredentialParameters.builder(Set.of(SCOPE)).build()).get();
        JwtClaims claims = claims(result.accessToken());
        assertEquals(app.appId(), claims.getClaimValue("azp"));
        assertEquals(List.of("User.Invite.All"), claims.getStringListClaimValue("roles"));
        // MSAL keeps it: the second request is answered from its cache with the same token
        assertEquals(result.accessToken(), msal.acquireToken(ClientCredentialParameters.builder(Set.of(SCOPE)).build()).get().accessToken());
        ClientCredentialsTest.invite(result.accessToken(), "msal@example.com").then().statusCode(201);
    }

    @Test
    void azureIdentityCredentialAndTheGraphSdkInviteAGuestAndReadItBack() throws Exception {
        ClientCredentialsTest.Daemon app = ClientCredentialsTest.daemon("User.Invite.All", "User.Read.All");
        GatewayLoopback gateway = GatewayLoopback.inProcess();
        ClientSecretCredential credential = new ClientSecretCredentialBuilder()
                .authorityHost(GuestpassTestResources.PUBLIC_BASE_URL)
                .tenantId(AppSignIn.TENANT)
                .clientId(app.appId())
                .clientSecret(app.secret())
                .disableInstanceDiscovery()
                .httpClient(new AzureLoopback(gateway))
                .build();
        AccessToken token = credential.getTokenSync(new TokenRequestContext().addScopes(SCOPE));
        assertEquals(app.id(), claims(token.getToken()).getSubject());

        // the SDK attaches tokens only for hosts it is told about (Graph's own by default)
        AzureIdentityAuthenticationProvider authentication = new AzureIdentityAuthenticationProvider(credential,
                new String[] { "id.contoso.test" }, SCOPE);
        GraphServiceClient graph = new GraphServiceClient(authentication,
                GraphClientFactory.create().addInterceptor(gateway.interceptor()).build());
        graph.getRequestAdapter().setBaseUrl(GuestpassTestResources.PUBLIC_BASE_URL + "/v1.0");

        Invitation invitation = new Invitation();
        invitation.setInvitedUserEmailAddress("grace@example.com");
        invitation.setInvitedUserDisplayName("Grace");
        invitation.setInviteRedirectUrl("https://app.contoso.test/welcome");
        invitation.setSendInvitationMessage(false);
        Invitation created = graph.invitations().post(invitation);
        assertEquals("PendingAcceptance", created.getStatus());
        assertTrue(created.getInviteRedeemUrl().startsWith(GuestpassTestResources.PUBLIC_BASE_URL + "/redeem?ticket="));

        User guest = graph.users().byUserId(created.getInvitedUser().getId()).get();
        assertEquals("grace@example.com", guest.getMail());
        assertEquals("Guest", guest.getUserType());
        List<Invitation> listed = graph.invitations().get().getValue();
        assertEquals(created.getId(), listed.get(0).getId());
        assertEquals(1, Directory.count("select count(*) from audit_event where action = 'invitation.created' and actor_client = ?",
                app.appId()));
        assertNotNull(graph);
    }

    private static JwtClaims claims(String token) throws Exception {
        return JwtClaims.parse(((JsonWebSignature) JsonWebSignature.fromCompactSerialization(token)).getUnverifiedPayload());
    }
}
