package io.guestpass.platform;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Each function initialises only the OpenID Connect tenants it uses (cold start, and no surprise tenant left off), and
 * reads its secrets at exactly the versions infra/ pinned it to.
 */
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

    @Test
    void aSecretReferencePinsTheVersionInfraPublishedTheFunctionWith() {
        DeploymentConfigSources.SecretReference keys = DeploymentConfigSources.SecretReference.parse(
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:guestpass/keys-AbCdEf?versionId=0a1b2c3d-0000-4000-8000-000000000001");
        assertEquals("", keys.prefix());
        assertEquals("arn:aws:secretsmanager:eu-west-1:123456789012:secret:guestpass/keys-AbCdEf", keys.arn());
        assertEquals(Optional.of("0a1b2c3d-0000-4000-8000-000000000001"), keys.versionId());
    }

    @Test
    void aPrefixedReferenceKeepsItsPrefixAndVersion() {
        List<DeploymentConfigSources.SecretReference> all = DeploymentConfigSources.SecretReference.parseAll(
                "arn:aws:secretsmanager:eu-west-1:1:secret:a-1?versionId=v1, guestpass.db.app=arn:aws:secretsmanager:eu-west-1:1:secret:db/app-2?versionId=v2,");
        assertEquals(List.of(
                new DeploymentConfigSources.SecretReference("", "arn:aws:secretsmanager:eu-west-1:1:secret:a-1", Optional.of("v1")),
                new DeploymentConfigSources.SecretReference("guestpass.db.app.", "arn:aws:secretsmanager:eu-west-1:1:secret:db/app-2", Optional.of("v2"))),
                all);
    }

    @Test
    void aReferenceWithoutAVersionReadsTheCurrentOne() {
        DeploymentConfigSources.SecretReference plain = DeploymentConfigSources.SecretReference.parse("guestpass.db.app=arn:aws:secretsmanager:eu-west-1:1:secret:x");
        assertEquals("guestpass.db.app.", plain.prefix());
        assertEquals(Optional.empty(), plain.versionId());
    }

    @Test
    void aMalformedReferenceFailsNamingIt() {
        for (String bad : new String[] { "guestpass/keys", "=arn:aws:secretsmanager:x", "prefixarn:aws:secretsmanager:x",
                "arn:aws:secretsmanager:x?versionStage=AWSCURRENT", "arn:aws:secretsmanager:x?versionId=" }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeploymentConfigSources.SecretReference.parse(bad), bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }
}
