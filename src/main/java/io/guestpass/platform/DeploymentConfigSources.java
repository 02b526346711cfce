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

/**
 * Configuration that depends on the deployment rather than on a file:
 * <ul>
 * <li>role defaults — a function switches off what it does not use (only the administration API validates bearer
 * tokens), so it initialises nothing it does not need;</li>
 * <li>secrets — read once at start from AWS Secrets Manager by the ARNs in {@code guestpass.secrets.arns}. Each entry is
 * an ARN whose secret is a JSON object of property names, or {@code prefix=ARN}, whose keys get {@code prefix.} in front
 * (the database user's {@code {"username","password"}} secret). Secret values never sit in environment variables.</li>
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
        try (SecretsManagerClient client = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            for (String entry : arns.split(",")) {
                String trimmed = entry.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                int eq = trimmed.indexOf('=');
                String prefix = eq > 0 && !trimmed.startsWith("arn:") ? trimmed.substring(0, eq) + "." : "";
                String arn = prefix.isEmpty() ? trimmed : trimmed.substring(eq + 1);
                String secret = client.getSecretValue(b -> b.secretId(arn)).secretString();
                JsonNode object = json.readTree(secret);
                for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext();) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    properties.put(prefix + field.getKey(), field.getValue().asText());
                }
            }
        } catch (Exception e) {
            // no half-configured function: start-up fails loudly, without the secret's content
            throw new IllegalStateException("Could not read the secrets named in guestpass.secrets.arns: " + e.getClass().getSimpleName());
        }
        return properties;
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }
}
