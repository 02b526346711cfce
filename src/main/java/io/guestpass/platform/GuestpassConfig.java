package io.guestpass.platform;

import java.time.Duration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The deployment's settings shared with infra/ (see README.md, "Configuration"). */
@ConfigMapping(prefix = "guestpass")
public interface GuestpassConfig {

    /** Which function this instance is. */
    @WithDefault("invite")
    FunctionRole function();

    /** The public origin: every absolute URL starts with it, never with a request header. */
    @WithName("public-base-url")
    String publicBaseUrl();

    Directory directory();

    Organization organization();

    Crypto crypto();

    Auth auth();

    Mail mail();

    Db db();

    Secrets secrets();

    Retention retention();

    Dev dev();

    Federation federation();

    Oidc oidc();

    /** Guestpass as the OpenID Connect provider of the organization's applications. */
    interface Oidc {
        /** How long a signing key signs before the next one takes over; a superseded key stays published as long again. */
        @WithName("key-rotation-period")
        @WithDefault("P30D")
        Duration keyRotationPeriod();

        /** Lifetime of access and ID tokens. */
        @WithName("access-token-lifetime")
        @WithDefault("PT60M")
        Duration accessTokenLifetime();

        /** Lifetime of a refresh token of a web or public client (each rotation starts a new one). */
        @WithName("refresh-token-lifetime")
        @WithDefault("P90D")
        Duration refreshTokenLifetime();

        /** Lifetime of a refresh token issued to a single-page application (a browser keeps it where script can read it). */
        @WithName("spa-refresh-token-lifetime")
        @WithDefault("PT24H")
        Duration spaRefreshTokenLifetime();

        /** Lifetime of the single sign-on session a guest gets at sign-in and at redemption. */
        @WithName("sso-session-lifetime")
        @WithDefault("PT24H")
        Duration ssoSessionLifetime();
    }

    interface Federation {
        /** The longest any call to an identity provider may take (see ProviderCallTimeout). */
        @WithName("request-timeout")
        @WithDefault("PT5S")
        Duration requestTimeout();
    }

    interface Db {
        /** Authenticate each new connection with a fresh RDS IAM token (see RdsIamCredentialsProvider). */
        @WithName("iam-auth")
        @WithDefault("false")
        boolean iamAuth();

        /** TLS to the database, {@code disable} or {@code verify-full}: application.properties applies it to both clients. */
        String tls();

        /** The PEM bundle {@code verify-full} trusts: a file, or a class-path resource (default: the bundled Amazon roots). */
        @WithName("trust-certificates")
        String trustCertificates();

        /** migrate only: the application's database role (see SchemaMigrator). */
        App app();

        interface App {
            Optional<String> username();

            Optional<String> password();
        }
    }

    interface Secrets {
        /** Secrets Manager ARNs read at start (see DeploymentConfigSources). */
        Optional<String> arns();
    }

    interface Retention {
        @WithDefault("P30D")
        Duration mail();

        @WithDefault("P400D")
        Duration audit();
    }

    /** Development-mode settings; inert in production. */
    interface Dev {
        @WithName("allow-http-localhost-redirects")
        @WithDefault("false")
        boolean allowHttpLocalhostRedirects();

        /**
         * Lets API connectors target loopback (any port, plain http too): for tests and development with a local
         * connector. Production never sets it — on Lambda, loopback reaches the Runtime API and extensions.
         */
        @WithName("allow-loopback-connectors")
        @WithDefault("false")
        boolean allowLoopbackConnectors();

        /**
         * A PEM bundle that API connectors' TLS servers are trusted by instead of the JVM's trust store: the tests' own
         * CA. Production never sets it (connectors there present publicly trusted certificates).
         */
        @WithName("connector-trust-certificates")
        Optional<String> connectorTrustCertificates();

        /**
         * Where Google's discovery document is read instead of accounts.google.com: a local stand-in in tests and
         * development. Production never sets it.
         */
        @WithName("google-metadata-url")
        Optional<String> googleMetadataUrl();

        /**
         * The origin that stands in for both www.facebook.com (the OAuth dialog) and graph.facebook.com (token, /me) in
         * tests and development. Production never sets it.
         */
        @WithName("facebook-base-url")
        Optional<String> facebookBaseUrl();

        @WithName("database-port")
        @WithDefault("54329")
        int databasePort();

        @WithName("issuer-port")
        @WithDefault("8180")
        int issuerPort();

        @WithName("microsoft-port")
        @WithDefault("8190")
        int microsoftPort();

        /** The development stand-in for a configured OpenID Connect provider ("Partner login", {@code DevPartnerProvider}). */
        @WithName("partner-provider-port")
        @WithDefault("8191")
        int partnerProviderPort();
    }

    interface Directory {
        UUID id();

        String domain();
    }

    interface Organization {
        String name();

        @WithName("privacy-url")
        String privacyUrl();

        @WithName("terms-version")
        @WithDefault("1")
        String termsVersion();

        /** The organization's terms of use, linked from the consent page; without it the page names no document. */
        @WithName("terms-url")
        Optional<String> termsUrl();

        /** Where a guest reports an invitation they did not expect (an address or an https URL), named in the mail. */
        @WithName("report-contact")
        Optional<String> reportContact();
    }

    interface Crypto {
        /**
         * 256-bit AES keys, base64, newest first: the first encrypts, all decrypt (rotation). Only the roles that seal
         * data have it (FunctionRole#sealsData; RoleRequirements checks it at start).
         */
        @WithName("data-key")
        Optional<List<String>> dataKeys();
    }

    interface Auth {
        @WithName("directory-roles-claim")
        @WithDefault("directoryRoles")
        String directoryRolesClaim();

        /**
         * Client ids whose tokens are applications' though they show none of the shapes CallerResolver recognises
         * (Keycloak service accounts); such a client must not also sign people in.
         */
        @WithName("application-client-ids")
        Optional<Set<String>> applicationClientIds();
    }

    interface Mail {
        String from();

        /** {@code smtp} or {@code ses}. */
        @WithDefault("smtp")
        String transport();

        /** How long a request waits for the transport before leaving the mail to the worker. */
        @WithName("send-timeout")
        @WithDefault("PT2S")
        Duration sendTimeout();

        @WithName("ses-configuration-set")
        Optional<String> sesConfigurationSet();
    }
}
