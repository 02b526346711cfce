package io.guestpass.platform;

import io.quarkus.credentials.CredentialsProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.rds.RdsUtilities;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * With {@code guestpass.db.iam-auth=true}, every new database connection authenticates with a fresh IAM token from the
 * function's role instead of a password, so that credential rotation never breaks a warm function.
 */
@ApplicationScoped
@Named(RdsIamCredentialsProvider.NAME)
public class RdsIamCredentialsProvider implements CredentialsProvider {

    public static final String NAME = "rds-iam";

    private final String username;
    private final Optional<String> reactiveUrl;
    private volatile RdsUtilities rds;

    RdsIamCredentialsProvider(@ConfigProperty(name = "quarkus.datasource.username") String username,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> reactiveUrl) {
        this.username = username;
        this.reactiveUrl = reactiveUrl;
    }

    @Override
    public Map<String, String> getCredentials(String credentialsProviderName) {
        URI endpoint = URI.create(reactiveUrl.orElseThrow(() -> new IllegalStateException("quarkus.datasource.reactive.url is required"))
                .replaceFirst("^(vertx-reactive:)?postgres(ql)?://", "postgresql://"));
        int port = endpoint.getPort() == -1 ? 5432 : endpoint.getPort();
        String token = utilities().generateAuthenticationToken(b -> b.hostname(endpoint.getHost()).port(port).username(username));
        return Map.of(USER_PROPERTY_NAME, username, PASSWORD_PROPERTY_NAME, token);
    }

    private RdsUtilities utilities() {
        if (rds == null) {
            rds = RdsUtilities.builder()
                    .region(new DefaultAwsRegionProviderChain().getRegion())
                    .credentialsProvider(DefaultCredentialsProvider.builder().build())
                    .build();
        }
        return rds;
    }
}
