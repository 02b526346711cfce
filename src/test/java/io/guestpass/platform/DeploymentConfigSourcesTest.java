package io.guestpass.platform;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Each function initialises only the OpenID Connect tenants it uses (cold start, and no surprise tenant left off). */
class DeploymentConfigSourcesTest {

    @Test
    void theInviteFunctionValidatesBearerTokensAndSignsNobodyIn() {
        Map<String, String> defaults = DeploymentConfigSources.roleDefaults(FunctionRole.invite, false);
        assertNull(defaults.get("quarkus.oidc.tenant-enabled"), "default tenant stays on");
        assertEquals("false", defaults.get("quarkus.oidc.msa.tenant-enabled"));
    }

    @Test
    void theRedeemFunctionSignsPeopleInAndTakesNoBearerTokens() {
        Map<String, String> defaults = DeploymentConfigSources.roleDefaults(FunctionRole.redeem, false);
        assertEquals("false", defaults.get("quarkus.oidc.tenant-enabled"));
        assertEquals("true", defaults.get("quarkus.oidc.msa.tenant-enabled"));
    }

    @Test
    void theWorkerAndMigrateFunctionsInitialiseNoTenant() {
        for (FunctionRole role : new FunctionRole[] { FunctionRole.worker, FunctionRole.migrate }) {
            Map<String, String> defaults = DeploymentConfigSources.roleDefaults(role, false);
            assertEquals("false", defaults.get("quarkus.oidc.tenant-enabled"), role.name());
            assertEquals("false", defaults.get("quarkus.oidc.msa.tenant-enabled"), role.name());
        }
    }

    @Test
    void iamAuthenticationSwitchesTheCredentialsProviderOn() {
        assertEquals(RdsIamCredentialsProvider.NAME,
                DeploymentConfigSources.roleDefaults(FunctionRole.invite, true).get("quarkus.datasource.credentials-provider"));
        assertNull(DeploymentConfigSources.roleDefaults(FunctionRole.invite, false).get("quarkus.datasource.credentials-provider"));
    }
}
