locals {
  name = var.name

  # The route table shared with the application's test suite: function name => gateway route keys.
  # Adding a function is one entry there (and, when the defaults below do not fit, one entry in function_defaults).
  routes = jsondecode(file("${path.module}/routes.json"))

  migrate = "migrate"
  worker  = "worker"

  # route key => function that owns it
  route_owner = merge([for f, keys in local.routes : { for r in keys : r => f }]...)
  routed      = toset([for f, keys in local.routes : f if length(keys) > 0])

  # Each role's settings and secrets (property names; secret name => the properties it holds). Read by Terraform and by the
  # packaged-artifact tests, which start each role with exactly this, so a setting a role lacks fails ./mvnw verify.
  roles = jsondecode(file("${path.module}/roles.json"))

  # What every function gets unless function_defaults says otherwise. sends_mail follows roles.json: a role that is given
  # the mail settings may send through SES.
  default_function = {
    memory_size          = var.native ? 512 : 1024
    timeout              = 30
    reserved_concurrency = null
  }

  function_defaults = {
    worker  = { timeout = 120 }
    migrate = { timeout = 600 }
  }

  functions = {
    for f in keys(local.routes) : f => merge(
      local.default_function,
      try(local.function_defaults[f], {}),
      { for k, v in try(var.function_settings[f], {}) : k => v if v != null },
      {
        secrets    = sort(keys(local.roles[f].secrets))
        sends_mail = contains(local.roles[f].settings, "guestpass.mail.from")
      },
    )
  }

  # Lambda runtime: native executable or JVM with SnapStart.
  runtime = var.native ? "provided.al2023" : "java21"
  handler = var.native ? "bootstrap" : "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"
  # JVM options come from roles.json: C1 only (TieredStopAtLevel=1) starts and warms fastest, except for the signup
  # function, which signs every token it issues (RS256): RSA's big-number arithmetic is fast only in C2 (measured here:
  # 9–11 ms per signature with C1 only, 1.6–2.2 ms with C2).
  runtime_env = { for f in keys(local.roles) : f => var.native ? {
    DISABLE_SIGNAL_HANDLERS = "true"
    } : {
    JAVA_TOOL_OPTIONS = local.roles[f].jvm_options
  } }

  artifact_sha256_base64 = filebase64sha256(var.artifact_path)
  artifact_key           = "function/${filesha256(var.artifact_path)}.zip"

  public_base_url = var.custom_domain_name != null ? "https://${var.custom_domain_name}" : trimsuffix(aws_apigatewayv2_api.this.api_endpoint, "/")

  db_users = { for f in keys(local.routes) : f => f == local.migrate ? var.db_owner_username : var.db_app_username }

  # The secrets by the names roles.json uses. prefix: what the application puts before each of the secret's JSON keys
  # (the database user's secret is in RDS Proxy's {"username","password"} format).
  secret_arns = {
    data_key    = aws_secretsmanager_secret.data_key.arn
    msa_cookies = aws_secretsmanager_secret.msa_cookies.arn
    msa         = aws_secretsmanager_secret.msa.arn
    db_app      = aws_secretsmanager_secret.db_app.arn
  }
  secret_prefixes = { db_app = "guestpass.db.app" }

  # Entries of GUESTPASS_SECRETS_ARNS: "[<prefix>=]<arn>?versionId=<id>" — the current version's id, never the value. A new
  # secret version changes the function's configuration, so the next apply publishes a new version whose (SnapStart)
  # initialisation reads it; a running version keeps reading the version it was published with.
  secret_refs = {
    for s, arn in local.secret_arns :
    s => "${try("${local.secret_prefixes[s]}=", "")}${arn}?versionId=${data.aws_secretsmanager_secret_version.current[s].version_id}"
  }

  # The value of every setting roles.json may name, per function.
  settings = {
    for f in keys(local.routes) : f => {
      "guestpass.function"                        = f
      "guestpass.public-base-url"                 = local.public_base_url
      "guestpass.directory.id"                    = var.directory_id
      "guestpass.directory.domain"                = var.directory_domain
      "guestpass.organization.name"               = var.organization_name
      "guestpass.organization.privacy-url"        = var.organization_privacy_url
      "guestpass.organization.terms-version"      = var.organization_terms_version
      "guestpass.organization.terms-url"          = var.organization_terms_url
      "guestpass.organization.report-contact"     = var.organization_report_contact
      "guestpass.oidc.access-token-lifetime"      = var.access_token_lifetime
      "guestpass.oidc.refresh-token-lifetime"     = var.refresh_token_lifetime
      "guestpass.oidc.spa-refresh-token-lifetime" = var.spa_refresh_token_lifetime
      "guestpass.oidc.sso-session-lifetime"       = var.sso_session_lifetime
      "guestpass.mail.from"                       = var.mail_from
      "guestpass.mail.transport"                  = "ses"
      "guestpass.mail.ses-configuration-set"      = aws_sesv2_configuration_set.this.configuration_set_name
      "quarkus.oidc.auth-server-url"              = var.oidc_auth_server_url
      "quarkus.oidc.token.audience"               = var.oidc_token_audience
      "guestpass.auth.directory-roles-claim"      = var.directory_roles_claim
      "quarkus.oidc.msa.auth-server-url"          = var.msa_auth_server_url
      "quarkus.oidc.msa.client-id"                = var.msa_client_id
      "quarkus.datasource.reactive.url"           = "postgresql://${aws_db_proxy.this.endpoint}:5432/${var.db_name}"
      "guestpass.db.tls"                          = "verify-full"
      "quarkus.datasource.jdbc.url"               = "jdbc:postgresql://${aws_db_proxy.this.endpoint}:5432/${var.db_name}"
      "guestpass.auth.application-client-ids"     = length(var.application_client_ids) > 0 ? join(",", var.application_client_ids) : null
      "quarkus.datasource.username"               = local.db_users[f]
      "guestpass.db.iam-auth"                     = "true"
    }
  }

  # A function's environment: its role's settings under the names Quarkus maps to them (guestpass.db.iam-auth =>
  # GUESTPASS_DB_IAM_AUTH), its secrets' references, and the runtime's own options.
  function_env = {
    for f, s in local.functions : f => merge(
      local.runtime_env[f],
      # a setting without a value (an optional one the operator left empty) is left out
      { for p in local.roles[f].settings : upper(replace(p, "/[^a-zA-Z0-9]/", "_")) => local.settings[f][p] if local.settings[f][p] != null },
      { GUESTPASS_SECRETS_ARNS = join(",", [for k in s.secrets : local.secret_refs[k]]) },
    )
  }

  # An API Gateway HTTP API (payload 2.0) event for an internal route: the shape the application's Lambda handler
  # understands, sent straight to the function and never through the gateway.
  internal_event = {
    for f, path in { (local.migrate) = "/internal/migrate", (local.worker) = "/internal/worker/run" } : f => {
      version                        = "2.0"
      routeKey                       = "$default"
      rawPath                        = path
      rawQueryString                 = ""
      headers = {
        "content-type" = "application/json"
        "user-agent"   = "guestpass-terraform"
      }
      requestContext = {
        accountId  = data.aws_caller_identity.current.account_id
        apiId      = "internal"
        domainName = "internal"
        http = {
          method    = "POST"
          path      = path
          protocol  = "HTTP/1.1"
          sourceIp  = "127.0.0.1"
          userAgent = "guestpass-terraform"
        }
        # Scheduler replaces <aws.scheduler.execution-id> with each run's id.
        requestId = f == local.worker ? "<aws.scheduler.execution-id>" : "migrate-${substr(filesha256(var.artifact_path), 0, 16)}"
        routeKey  = "$default"
        stage     = "$default"
      }
      body            = "{}"
      isBase64Encoded = false
    }
  }

  alarm_actions = var.alarm_sns_topic_arn == null ? [] : [var.alarm_sns_topic_arn]

  kms_key_arn = var.kms_key_arn != null ? var.kms_key_arn : aws_kms_key.this[0].arn

  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}
