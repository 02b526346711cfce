# Secrets the functions read at start by ARN and version id (GUESTPASS_SECRETS_ARNS); which function reads which is
# infra/roles.json's "secrets". Values never appear in environment variables or
# non-sensitive outputs. Generated values come from Secrets Manager itself and are kept stable with ignore_changes: the
# data source yields a new value at every plan, and rotating these keys by accident would break live sessions and
# everything the data key encrypted.

resource "aws_kms_key" "this" {
  count = var.kms_key_arn == null ? 1 : 0

  description             = "Guestpass ${local.name}: database storage and secrets"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_kms_alias" "this" {
  count = var.kms_key_arn == null ? 1 : 0

  name          = "alias/${local.name}"
  target_key_id = aws_kms_key.this[0].key_id
}

# --- The data key (invite, redeem, worker: what they seal and open) -----------------------------------------------------

# 43 alphanumerics + "=" is the base64 form of 32 bytes: a 256-bit key (guestpass.crypto.data-key).
data "aws_secretsmanager_random_password" "data_key" {
  password_length     = 43
  exclude_punctuation = true
  include_space       = false
}

# Named "<name>/keys" as before, so that an existing deployment keeps its data key (and can still open what it sealed).
resource "aws_secretsmanager_secret" "data_key" {
  name                    = "${local.name}/keys"
  description             = "Guestpass data key (guestpass.crypto.data-key; a comma-separated list, newest first, to rotate)"
  kms_key_id              = local.kms_key_arn
  recovery_window_in_days = var.secret_recovery_window_days
}

resource "aws_secretsmanager_secret_version" "data_key" {
  secret_id = aws_secretsmanager_secret.data_key.id
  secret_string = jsonencode({
    "guestpass.crypto.data-key" = "${data.aws_secretsmanager_random_password.data_key.random_password}="
  })

  lifecycle {
    ignore_changes = [secret_string]
  }
}

moved {
  from = aws_secretsmanager_secret.keys
  to   = aws_secretsmanager_secret.data_key
}

moved {
  from = aws_secretsmanager_secret_version.keys
  to   = aws_secretsmanager_secret_version.data_key
}

# --- The Microsoft-account cookie keys (the roles that sign people in) -------------------------------------------------

data "aws_secretsmanager_random_password" "state_secret" {
  password_length     = 48
  exclude_punctuation = true
  include_space       = false
}

data "aws_secretsmanager_random_password" "token_encryption_secret" {
  password_length     = 48
  exclude_punctuation = true
  include_space       = false
}

resource "aws_secretsmanager_secret" "msa_cookies" {
  name                    = "${local.name}/msa-cookies"
  description             = "Guestpass keys of the Microsoft-account sign-in's state and session cookies"
  kms_key_id              = local.kms_key_arn
  recovery_window_in_days = var.secret_recovery_window_days
}

resource "aws_secretsmanager_secret_version" "msa_cookies" {
  secret_id = aws_secretsmanager_secret.msa_cookies.id
  secret_string = jsonencode({
    "quarkus.oidc.msa.authentication.state-secret"           = data.aws_secretsmanager_random_password.state_secret.random_password
    "quarkus.oidc.msa.token-state-manager.encryption-secret" = data.aws_secretsmanager_random_password.token_encryption_secret.random_password
  })

  lifecycle {
    ignore_changes = [secret_string]
  }
}

# --- The Microsoft account application's client secret (redeem) ------------------------------------------------------

resource "aws_secretsmanager_secret" "msa" {
  name                    = "${local.name}/msa"
  description             = "Guestpass Microsoft account application client secret"
  kms_key_id              = local.kms_key_arn
  recovery_window_in_days = var.secret_recovery_window_days
}

# Not ignore_changes: changing var.msa_client_secret is how an operator rotates it.
resource "aws_secretsmanager_secret_version" "msa" {
  secret_id = aws_secretsmanager_secret.msa.id
  secret_string = jsonencode({
    "quarkus.oidc.msa.credentials.secret" = var.msa_client_secret
  })
}

# --- The application database user -----------------------------------------------------------------------------------
# RDS Proxy format ({"username","password"}). The proxy reads it to log in as the application user; the migrate
# function reads it (as guestpass.db.app.*) to create or update that login role. Functions connect with IAM tokens.

data "aws_secretsmanager_random_password" "db_app" {
  password_length     = 40
  exclude_punctuation = true
  include_space       = false
}

resource "aws_secretsmanager_secret" "db_app" {
  name                    = "${local.name}/db/${var.db_app_username}"
  description             = "Guestpass application database user (read by RDS Proxy and the migrate function)"
  kms_key_id              = local.kms_key_arn
  recovery_window_in_days = var.secret_recovery_window_days
}

resource "aws_secretsmanager_secret_version" "db_app" {
  secret_id = aws_secretsmanager_secret.db_app.id
  secret_string = jsonencode({
    username = var.db_app_username
    password = data.aws_secretsmanager_random_password.db_app.random_password
  })

  lifecycle {
    ignore_changes = [secret_string]
  }
}

# --- The current version of each secret, which the functions are pinned to (locals.secret_refs) -------------------------
# Each version resource's id is "<secret arn>|<version id>". While this apply writes a new version, that id is unknown and
# the read waits for the write; otherwise it is read at plan time and sees the versions an operator wrote
# (aws secretsmanager put-secret-value). Either way a new current version publishes new function versions.

locals {
  secret_versions = {
    data_key    = aws_secretsmanager_secret_version.data_key
    msa_cookies = aws_secretsmanager_secret_version.msa_cookies
    msa         = aws_secretsmanager_secret_version.msa
    db_app      = aws_secretsmanager_secret_version.db_app
  }
}

data "aws_secretsmanager_secret_version" "current" {
  for_each = local.secret_versions

  secret_id = split("|", each.value.id)[0]
}
