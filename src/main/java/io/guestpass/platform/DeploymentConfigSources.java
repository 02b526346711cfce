package io.guestpass.platform;

import java.util.Objects;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration that depends on the deployment rather than on a file:
 * <ul>
 * <li>role defaults — a function switches off what it does not use (only the administration API validates bearer
 * tokens), so it initialises nothing it does not need;</li>
 * <li>secrets — read once at start from AWS Secrets Manager by the references in {@code guestpass.secrets.arns} (see
 * {@link SecretReference}). Secret values never sit in environment variables.</li>
 * </ul>
 */
public class DeploymentConfigSources implements ConfigSourceFactory {

    static final int ROLE_DEFAULTS_ORDINAL = 200;
    static final int SECRETS_ORDINAL = 270;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<ConfigSource> sources = new ArrayList<>();
        FunctionRole role = FunctionRole.valueOf(Objects.requireNonNullElse(value(context, "guestpass.function"), "invite"));
        boolean iamAuth = "true".equalsIgnoreCase(value(context, "guestpass.db.iam-auth"));
        sources.add(new PropertiesConfigSource(roleDefaults(role, iamAuth), "guestpass-role-defaults", ROLE_DEFAULTS_ORDINAL));
        String arns = value(context, "guestpass.secrets.arns");
        if (arns != null && !arns.isBlank()) {
            sources.add(new PropertiesConfigSource(readSecrets(arns), "aws-secrets-manager", SECRETS_ORDINAL));
        }
        return sources;
    }

    static Map<String, String> roleDefaults(FunctionRole role, boolean iamAuth) {
        Map<String, String> defaults = new HashMap<>();
        if (!role.servesAdministration()) {
            defaults.put("quarkus.oidc.tenant-enabled", "false");
        }
        // explicit both ways: with the default tenant switched off and nothing said here, the msa tenant was off too
        defaults.put("quarkus.oidc.msa.tenant-enabled", String.valueOf(role.signsPeopleIn()));
        if (iamAuth) {
            defaults.put("quarkus.datasource.credentials-provider", RdsIamCredentialsProvider.NAME);
        }
        return defaults;
    }

    private static Map<String, String> readSecrets(String arns) {
        Map<String, String> properties = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        List<SecretReference> references = SecretReference.parseAll(arns);
        try (SecretsManagerClient client = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            for (SecretReference reference : references) {
                String secret = client.getSecretValue(b -> b.secretId(reference.arn()).versionId(reference.versionId().orElse(null)))
                        .secretString();
                JsonNode object = json.readTree(secret);
                for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext();) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    properties.put(reference.prefix() + field.getKey(), field.getValue().asText());
                }
            }
        } catch (Exception e) {
            // no half-configured function: start-up fails loudly, without the secret's content
            throw new IllegalStateException("Could not read the secrets named in guestpass.secrets.arns: " + e.getClass().getSimpleName());
        }
        return properties;
    }

    /**
     * One entry of {@code guestpass.secrets.arns}: {@code [prefix=]arn[?versionId=id]}. The secret is a JSON object whose
     * keys are property names, with {@code prefix.} in front when a prefix is given (the database user's
     * {@code {"username","password"}} secret). With a version id the function reads exactly that version: infra/ pins
     * each function to the version current when it was published, so a new version reaches functions as a new
     * function version (a SnapStart snapshot keeps what its initialisation read) and never half of them by chance.
     */
    record SecretReference(String prefix, String arn, Optional<String> versionId) {

        private static final String VERSION = "?versionId=";

        static List<SecretReference> parseAll(String entries) {
            List<SecretReference> references = new ArrayList<>();
            for (String entry : entries.split(",")) {
                if (!entry.isBlank()) {
                    references.add(parse(entry.trim()));
                }
            }
            return references;
        }

        static SecretReference parse(String entry) {
            int arnStart = entry.indexOf("arn:");
            if (arnStart < 0 || (arnStart > 0 && (arnStart < 2 || entry.charAt(arnStart - 1) != '='))) {
                throw new IllegalArgumentException("Not a secret reference ([prefix=]arn[?versionId=id]): " + entry);
            }
            String prefix = arnStart == 0 ? "" : entry.substring(0, arnStart - 1) + ".";
            String rest = entry.substring(arnStart);
            int query = rest.indexOf('?');
            if (query < 0) {
                return new SecretReference(prefix, rest, Optional.empty());
            }
            String version = rest.substring(query);
            if (!version.startsWith(VERSION) || version.length() == VERSION.length()) {
                throw new IllegalArgumentException("A secret reference may only carry ?versionId=<id>: " + entry);
            }
            return new SecretReference(prefix, rest.substring(0, query), Optional.of(version.substring(VERSION.length())));
        }
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }
}
