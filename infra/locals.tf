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

  # What every function gets unless function_defaults says otherwise. secrets: which entries of local.secret_refs it
  # reads at start; sends_mail: whether its role may send through SES.
  default_function = {
    memory_size          = var.native ? 512 : 1024
    timeout              = 30
    reserved_concurrency = null
    sends_mail           = false
    secrets              = ["keys"]
  }

  function_defaults = {
    invite  = { sends_mail = true }
    redeem  = { secrets = ["keys", "msa"] }
    worker  = { timeout = 120, sends_mail = true }
    migrate = { timeout = 600, secrets = ["db_app"] }
  }

  functions = {
    for f in keys(local.routes) : f => merge(
      local.default_function,
      try(local.function_defaults[f], {}),
      { for k, v in try(var.function_settings[f], {}) : k => v if v != null },
    )
  }

  # Lambda runtime: native executable or JVM with SnapStart.
  runtime = var.native ? "provided.al2023" : "java21"
  handler = var.native ? "bootstrap" : "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"
  runtime_env = var.native ? {
    DISABLE_SIGNAL_HANDLERS = "true"
    } : {
    JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
  }

  artifact_sha256_base64 = filebase64sha256(var.artifact_path)
  artifact_key           = "function/${filesha256(var.artifact_path)}.zip"

  public_base_url = var.custom_domain_name != null ? "https://${var.custom_domain_name}" : trimsuffix(aws_apigatewayv2_api.this.api_endpoint, "/")

  db_users = { for f in keys(local.routes) : f => f == local.migrate ? var.db_owner_username : var.db_app_username }

  # Entries of GUESTPASS_SECRETS_ARNS: "<arn>" (keys are property names) or "<prefix>=<arn>" (keys get "<prefix>.").
  secret_refs = {
    keys   = aws_secretsmanager_secret.keys.arn
    msa    = aws_secretsmanager_secret.msa.arn
    db_app = "guestpass.db.app=${aws_secretsmanager_secret.db_app.arn}"
  }
  secret_arns = {
    keys   = aws_secretsmanager_secret.keys.arn
    msa    = aws_secretsmanager_secret.msa.arn
    db_app = aws_secretsmanager_secret.db_app.arn
  }

  common_env = {
    GUESTPASS_PUBLIC_BASE_URL            = local.public_base_url
    GUESTPASS_DIRECTORY_ID               = var.directory_id
    GUESTPASS_DIRECTORY_DOMAIN           = var.directory_domain
    GUESTPASS_ORGANIZATION_NAME          = var.organization_name
    GUESTPASS_ORGANIZATION_PRIVACY_URL   = var.organization_privacy_url
    GUESTPASS_ORGANIZATION_TERMS_VERSION = var.organization_terms_version
    GUESTPASS_MAIL_FROM                  = var.mail_from
    GUESTPASS_MAIL_TRANSPORT             = "ses"
    GUESTPASS_MAIL_SES_CONFIGURATION_SET = aws_sesv2_configuration_set.this.configuration_set_name
    QUARKUS_OIDC_AUTH_SERVER_URL         = var.oidc_auth_server_url
    QUARKUS_OIDC_TOKEN_AUDIENCE          = var.oidc_token_audience
    GUESTPASS_AUTH_DIRECTORY_ROLES_CLAIM = var.directory_roles_claim
    QUARKUS_DATASOURCE_REACTIVE_URL      = "postgresql://${aws_db_proxy.this.endpoint}:5432/${var.db_name}"
    GUESTPASS_DB_TLS                     = "verify-full"
    GUESTPASS_DB_IAM_AUTH                = "true"
  }

  function_env = {
    for f, s in local.functions : f => merge(
      local.common_env,
      local.runtime_env,
      {
        GUESTPASS_FUNCTION          = f
        QUARKUS_DATASOURCE_USERNAME = local.db_users[f]
        GUESTPASS_SECRETS_ARNS      = join(",", [for k in s.secrets : local.secret_refs[k]])
      },
      f == "invite" && length(var.application_client_ids) > 0 ? {
        GUESTPASS_AUTH_APPLICATION_CLIENT_IDS = join(",", var.application_client_ids)
      } : {},
      contains(s.secrets, "msa") ? {
        QUARKUS_OIDC_MSA_AUTH_SERVER_URL = var.msa_auth_server_url
        QUARKUS_OIDC_MSA_CLIENT_ID       = var.msa_client_id
      } : {},
      f == local.migrate ? {
        QUARKUS_DATASOURCE_JDBC_URL = "jdbc:postgresql://${aws_db_proxy.this.endpoint}:5432/${var.db_name}"
      } : {},
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
