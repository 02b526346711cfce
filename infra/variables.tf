# ---------------------------------------------------------------------------------------------------------------------
# Deployment
# ---------------------------------------------------------------------------------------------------------------------

variable "name" {
  description = "Prefix of every resource name (one deployment serves one directory; use one name per deployment in an account)."
  type        = string
  default     = "guestpass"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,22}[a-z0-9]$", var.name))
    error_message = "name must be 3-24 characters of lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "region" {
  description = "AWS region to deploy to. Null takes the region from the environment (AWS_REGION or the profile)."
  type        = string
  default     = null

  validation {
    condition     = var.region == null || can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must look like eu-west-1."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

# ---------------------------------------------------------------------------------------------------------------------
# Artifact and functions
# ---------------------------------------------------------------------------------------------------------------------

variable "artifact_path" {
  description = "Path of the function.zip built by `./mvnw package` (JVM) or `./mvnw package -Dnative` (native), relative to this folder."
  type        = string
  default     = "../target/function.zip"

  validation {
    condition     = endswith(var.artifact_path, ".zip")
    error_message = "artifact_path must name a .zip file."
  }
}

variable "native" {
  description = "True when the artifact is a native executable (runtime provided.al2023, handler bootstrap); false for the JVM build (runtime java21 with SnapStart)."
  type        = bool
  default     = false
}

variable "architecture" {
  description = "Instruction set the functions run on. A native artifact must have been built for this architecture."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be arm64 or x86_64."
  }
}

variable "function_settings" {
  description = <<-EOT
    Per-function overrides of memory (MB), timeout (s) and reserved concurrency, keyed by function name (a key of routes.json).
    Anything left out keeps the defaults of locals.tf. reserved_concurrency null means unreserved.
  EOT
  type = map(object({
    memory_size          = optional(number)
    timeout              = optional(number)
    reserved_concurrency = optional(number)
  }))
  default = {}

  validation {
    condition = alltrue([
      for s in values(var.function_settings) :
      (s.memory_size == null || try(s.memory_size >= 128 && s.memory_size <= 10240, false)) &&
      (s.timeout == null || try(s.timeout >= 1 && s.timeout <= 900, false)) &&
      (s.reserved_concurrency == null || try(s.reserved_concurrency >= 0, false))
    ])
    error_message = "memory_size must be 128-10240, timeout 1-900 and reserved_concurrency at least 0."
  }
}

variable "log_retention_days" {
  description = "How long CloudWatch keeps the functions' and the gateway's logs."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# The directory and the organization (configuration.md)
# ---------------------------------------------------------------------------------------------------------------------

variable "directory_id" {
  description = "The directory's id (guestpass.directory.id), a UUID; later the tid of tokens Guestpass issues."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", var.directory_id))
    error_message = "directory_id must be a UUID."
  }
}

variable "directory_domain" {
  description = "The directory's domain (guestpass.directory.domain), used in guests' userPrincipalName."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,}$", var.directory_domain))
    error_message = "directory_domain must be a lower-case DNS domain such as contoso.example."
  }
}

variable "organization_name" {
  description = "The organization's name shown in invitation mail and on the consent page."
  type        = string

  validation {
    condition     = length(trimspace(var.organization_name)) > 0
    error_message = "organization_name must not be empty."
  }
}

variable "organization_privacy_url" {
  description = "The organization's privacy statement, linked from the consent page."
  type        = string

  validation {
    condition     = can(regex("^https://", var.organization_privacy_url))
    error_message = "organization_privacy_url must be an https URL."
  }
}

variable "organization_terms_url" {
  description = "The organization's terms of use, linked from the consent page (null: the page names no document)."
  type        = string
  default     = null

  validation {
    condition     = var.organization_terms_url == null || can(regex("^https://", var.organization_terms_url))
    error_message = "organization_terms_url must be an https URL."
  }
}

variable "organization_terms_version" {
  description = "Version of the terms guests accept; the consent record stores it."
  type        = string

  validation {
    condition     = length(trimspace(var.organization_terms_version)) > 0
    error_message = "organization_terms_version must not be empty."
  }
}

variable "organization_report_contact" {
  description = "Where guests report an invitation they did not expect, named in the invitation mail: an address or an https URL."
  type        = string

  validation {
    condition     = can(regex("^(https://[^\\s]+|[^\\s@:/]+@[^\\s@:/]+)$", var.organization_report_contact))
    error_message = "organization_report_contact must be an email address or an https URL."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Identity: administrators' tokens and the Microsoft account application
# ---------------------------------------------------------------------------------------------------------------------

variable "oidc_auth_server_url" {
  description = "Issuer of administrators' and services' access tokens (quarkus.oidc.auth-server-url)."
  type        = string

  validation {
    condition     = can(regex("^https://", var.oidc_auth_server_url))
    error_message = "oidc_auth_server_url must be an https URL."
  }
}

variable "oidc_token_audience" {
  description = "Audience administrators' access tokens must carry (quarkus.oidc.token.audience)."
  type        = string

  validation {
    condition     = length(trimspace(var.oidc_token_audience)) > 0
    error_message = "oidc_token_audience must not be empty: a token minted for another API must never pass."
  }
}

variable "directory_roles_claim" {
  description = "Claim of the access token that carries the caller's directory roles; one users cannot edit themselves."
  type        = string
  default     = "directoryRoles"

  validation {
    condition     = length(trimspace(var.directory_roles_claim)) > 0
    error_message = "directory_roles_claim must not be empty."
  }
}

variable "application_client_ids" {
  description = "Client ids whose tokens are applications' though their shape does not say so (Keycloak service accounts); such a client must never sign people in. README, \"Administrators' tokens\"."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.application_client_ids : can(regex("^[^,\\s]+$", id))])
    error_message = "application_client_ids: each entry is one client id, without commas or white space."
  }
}

variable "msa_auth_server_url" {
  description = "The Microsoft account authority (quarkus.oidc.msa.auth-server-url)."
  type        = string
  default     = "https://login.microsoftonline.com/consumers/v2.0"

  validation {
    condition     = can(regex("^https://", var.msa_auth_server_url))
    error_message = "msa_auth_server_url must be an https URL."
  }
}

variable "msa_client_id" {
  description = "Application (client) id of the operator's Microsoft account application registration."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", var.msa_client_id))
    error_message = "msa_client_id must be the application's GUID."
  }
}

variable "msa_client_secret" {
  description = "Client secret of the Microsoft account application. Stored in Secrets Manager only; set it through TF_VAR_msa_client_secret."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.msa_client_secret) >= 16
    error_message = "msa_client_secret looks too short to be a Microsoft client secret."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Mail
# ---------------------------------------------------------------------------------------------------------------------

variable "mail_domain" {
  description = "Domain verified with SES (DKIM) that invitation mail is sent from."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,}$", var.mail_domain))
    error_message = "mail_domain must be a lower-case DNS domain such as mail.contoso.example."
  }
}

variable "mail_from" {
  description = "Sender address of invitation mail (guestpass.mail.from); must be an address at mail_domain."
  type        = string

  validation {
    condition     = can(regex("^[^@\\s<>]+@[^@\\s<>]+$", var.mail_from))
    error_message = "mail_from must be a plain address such as invitations@mail.contoso.example."
  }
}

variable "ses_sandbox_recipients" {
  description = "While the account is in the SES sandbox, only verified addresses receive mail: these get an SES identity (AWS mails each a verification link) and the senders' roles may mail them. Empty once production access is granted."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.ses_sandbox_recipients : can(regex("^[^@\\s<>]+@[^@\\s<>]+$", a))])
    error_message = "ses_sandbox_recipients must be plain e-mail addresses."
  }
}

variable "mail_route53_zone_id" {
  description = "Route 53 hosted zone that serves mail_domain; when set, the DKIM CNAME records are created there. Null: publish the dkim_records output yourself."
  type        = string
  default     = null
}

# ---------------------------------------------------------------------------------------------------------------------
# API Gateway
# ---------------------------------------------------------------------------------------------------------------------

variable "throttling_burst_limit" {
  description = "Burst limit of the gateway's default route settings (requests)."
  type        = number
  default     = 200

  validation {
    condition     = var.throttling_burst_limit >= 1 && var.throttling_burst_limit <= 5000
    error_message = "throttling_burst_limit must be 1-5000."
  }
}

variable "throttling_rate_limit" {
  description = "Steady-state rate limit of the gateway's default route settings (requests per second)."
  type        = number
  default     = 100

  validation {
    condition     = var.throttling_rate_limit >= 1 && var.throttling_rate_limit <= 10000
    error_message = "throttling_rate_limit must be 1-10000."
  }
}

variable "custom_domain_name" {
  description = "Public host name of the API (e.g. id.contoso.example). Null uses the execute-api endpoint."
  type        = string
  default     = null

  validation {
    condition     = var.custom_domain_name == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,}$", var.custom_domain_name))
    error_message = "custom_domain_name must be a lower-case host name."
  }
}

variable "custom_domain_certificate_arn" {
  description = "ARN of an issued ACM certificate for custom_domain_name, in the deployment's region. Required with custom_domain_name."
  type        = string
  default     = null

  validation {
    condition     = var.custom_domain_certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.custom_domain_certificate_arn))
    error_message = "custom_domain_certificate_arn must be an ACM certificate ARN."
  }
}

variable "custom_domain_route53_zone_id" {
  description = "Route 53 hosted zone for custom_domain_name; when set, an alias record pointing at the API is created."
  type        = string
  default     = null
}

variable "disable_execute_api_endpoint" {
  description = "Turn off the default execute-api endpoint. Null (the default): off exactly when custom_domain_name is set; false keeps it on beside a custom domain; true needs a custom domain."
  type        = bool
  default     = null
}

# ---------------------------------------------------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------------------------------------------------

variable "vpc_id" {
  description = "Existing VPC to deploy into. Null creates a VPC with public subnets, NAT and private subnets."
  type        = string
  default     = null

  validation {
    condition     = var.vpc_id == null || can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must look like vpc-0123abcd."
  }
}

variable "private_subnet_ids" {
  description = "Private subnets of vpc_id (at least two, in different zones) with a route to the internet through NAT. Only with vpc_id."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for s in var.private_subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "private_subnet_ids must look like subnet-0123abcd."
  }
}

variable "vpc_cidr" {
  description = "Address range of the VPC created when vpc_id is null."
  type        = string
  default     = "10.42.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.vpc_cidr)) && tonumber(split("/", var.vpc_cidr)[1]) <= 20
    error_message = "vpc_cidr must be an IPv4 CIDR of /20 or larger."
  }
}

variable "availability_zone_count" {
  description = "Number of availability zones of the created VPC (Aurora needs at least two)."
  type        = number
  default     = 2

  validation {
    condition     = var.availability_zone_count >= 2 && var.availability_zone_count <= 4
    error_message = "availability_zone_count must be 2-4."
  }
}

variable "nat_gateway_per_zone" {
  description = "One NAT gateway per availability zone (resilient to a zone outage) instead of one shared NAT gateway (cheaper)."
  type        = bool
  default     = false
}

# ---------------------------------------------------------------------------------------------------------------------
# Database
# ---------------------------------------------------------------------------------------------------------------------

variable "db_name" {
  description = "Name of the PostgreSQL database."
  type        = string
  default     = "guestpass"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.db_name))
    error_message = "db_name must be a lower-case PostgreSQL identifier."
  }
}

variable "db_owner_username" {
  description = "Aurora master user, owner of the schema; only the migrate function connects as it."
  type        = string
  default     = "guestpass_owner"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.db_owner_username))
    error_message = "db_owner_username must be a lower-case PostgreSQL identifier."
  }
}

variable "db_app_username" {
  description = "Database login of the application functions, limited to data manipulation; created by the migrate function."
  type        = string
  default     = "guestpass_app"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.db_app_username))
    error_message = "db_app_username must be a lower-case PostgreSQL identifier."
  }
}

variable "db_engine_version" {
  description = "Aurora PostgreSQL engine version (one that supports Serverless v2)."
  type        = string
  default     = "16.6"

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+$", var.db_engine_version)) && tonumber(split(".", var.db_engine_version)[0]) >= 13
    error_message = "db_engine_version must be major.minor, 13 or newer, e.g. 16.6."
  }
}

variable "db_min_capacity" {
  description = "Minimum Aurora capacity units (ACU) of Serverless v2."
  type        = number
  default     = 0.5

  validation {
    condition     = var.db_min_capacity >= 0 && var.db_min_capacity <= 256
    error_message = "db_min_capacity must be 0-256 ACU."
  }
}

variable "db_max_capacity" {
  description = "Maximum Aurora capacity units (ACU) of Serverless v2."
  type        = number
  default     = 4

  validation {
    condition     = var.db_max_capacity >= 1 && var.db_max_capacity <= 256
    error_message = "db_max_capacity must be 1-256 ACU."
  }
}

variable "db_instance_count" {
  description = "Number of Serverless v2 instances (2 or more keeps a reader in another zone for fail-over)."
  type        = number
  default     = 1

  validation {
    condition     = var.db_instance_count >= 1 && var.db_instance_count <= 15
    error_message = "db_instance_count must be 1-15."
  }
}

variable "db_backup_retention_days" {
  description = "Days of automated Aurora backups."
  type        = number
  default     = 7

  validation {
    condition     = var.db_backup_retention_days >= 1 && var.db_backup_retention_days <= 35
    error_message = "db_backup_retention_days must be 1-35."
  }
}

variable "db_log_retention_days" {
  description = "How long CloudWatch keeps the database's PostgreSQL log (errors and DDL statements)."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.db_log_retention_days)
    error_message = "db_log_retention_days must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

variable "db_deletion_protection" {
  description = "Protect the Aurora cluster against deletion. Turn off (and apply) before a deliberate `terraform destroy`."
  type        = bool
  default     = true
}

variable "db_skip_final_snapshot" {
  description = "Skip the final snapshot when the cluster is destroyed. Keep false in production."
  type        = bool
  default     = false
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for the database, its secrets and the application secrets. Null creates one."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "secret_recovery_window_days" {
  description = "Days a deleted secret can be restored (0 deletes at once)."
  type        = number
  default     = 7

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or 7-30."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Scheduled work and alarms
# ---------------------------------------------------------------------------------------------------------------------

variable "worker_schedule_expression" {
  description = "EventBridge Scheduler expression on which the worker runs (deliver queued mail, expire invitations, purge)."
  type        = string
  default     = "rate(1 minute)"

  validation {
    condition     = can(regex("^(rate\\(.+\\)|cron\\(.+\\))$", var.worker_schedule_expression))
    error_message = "worker_schedule_expression must be rate(...) or cron(...)."
  }
}

variable "alarm_sns_topic_arn" {
  description = "SNS topic that receives alarm and OK notifications. Null creates the alarms without actions."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_sns_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:.+$", var.alarm_sns_topic_arn))
    error_message = "alarm_sns_topic_arn must be an SNS topic ARN."
  }
}

variable "alarm_api_5xx_rate_percent" {
  description = "Alarm when more than this percentage of the gateway's requests answer 5xx over five minutes."
  type        = number
  default     = 5

  validation {
    condition     = var.alarm_api_5xx_rate_percent > 0 && var.alarm_api_5xx_rate_percent <= 100
    error_message = "alarm_api_5xx_rate_percent must be in (0, 100]."
  }
}

variable "alarm_db_cpu_percent" {
  description = "Alarm when the database's CPU stays above this percentage."
  type        = number
  default     = 80

  validation {
    condition     = var.alarm_db_cpu_percent > 0 && var.alarm_db_cpu_percent <= 100
    error_message = "alarm_db_cpu_percent must be in (0, 100]."
  }
}

variable "alarm_db_connections" {
  description = "Alarm when the database holds more connections than this."
  type        = number
  default     = 400

  validation {
    condition     = var.alarm_db_connections >= 1
    error_message = "alarm_db_connections must be positive."
  }
}

variable "alarm_ses_bounce_rate" {
  description = "Alarm when the account's SES bounce rate exceeds this fraction (SES reviews accounts above 0.05)."
  type        = number
  default     = 0.04

  validation {
    condition     = var.alarm_ses_bounce_rate > 0 && var.alarm_ses_bounce_rate < 1
    error_message = "alarm_ses_bounce_rate must be a fraction between 0 and 1."
  }
}

variable "alarm_ses_complaint_rate" {
  description = "Alarm when the account's SES complaint rate exceeds this fraction (SES reviews accounts above 0.001)."
  type        = number
  default     = 0.0008

  validation {
    condition     = var.alarm_ses_complaint_rate > 0 && var.alarm_ses_complaint_rate < 1
    error_message = "alarm_ses_complaint_rate must be a fraction between 0 and 1."
  }
}

# Lifetimes of what the OpenID Connect provider issues (ISO-8601 durations, as the application reads them).

variable "access_token_lifetime" {
  description = "Lifetime of the access and ID tokens Guestpass issues to applications."
  type        = string
  default     = "PT60M"

  validation {
    condition     = can(regex("^PT[0-9]+M$", var.access_token_lifetime)) && try(tonumber(trimsuffix(trimprefix(var.access_token_lifetime, "PT"), "M")) >= 5 && tonumber(trimsuffix(trimprefix(var.access_token_lifetime, "PT"), "M")) <= 1440, false)
    error_message = "access_token_lifetime must be minutes, PT5M to PT1440M (e.g. PT60M)."
  }
}

variable "refresh_token_lifetime" {
  description = "Lifetime of a refresh token of a web or public client, counted again from each refresh."
  type        = string
  default     = "P90D"

  validation {
    condition     = can(regex("^P[1-9][0-9]*D$", var.refresh_token_lifetime))
    error_message = "refresh_token_lifetime must be whole days (e.g. P90D)."
  }
}

variable "spa_refresh_token_lifetime" {
  description = "How long a single-page application's refresh-token family lives after the sign-in that started it."
  type        = string
  default     = "PT24H"

  validation {
    condition     = can(regex("^PT[1-9][0-9]*H$", var.spa_refresh_token_lifetime))
    error_message = "spa_refresh_token_lifetime must be whole hours (e.g. PT24H)."
  }
}

variable "sso_session_lifetime" {
  description = "Lifetime of a guest's single sign-on session (created at sign-in and at redemption)."
  type        = string
  default     = "PT24H"

  validation {
    condition     = can(regex("^PT[1-9][0-9]*H$", var.sso_session_lifetime))
    error_message = "sso_session_lifetime must be whole hours (e.g. PT24H)."
  }
}
